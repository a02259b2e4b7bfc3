// One turn of a subscription's decision loop, independent of Temporal: the next request if one waits (in order),
// else the action the state calls for. The workflow runs it with activities; tests run it with scripted outcomes.
import type { Command } from './commands.js';
import { decideCommand } from './decide-command.js';
import type { Decision, DecisionContext } from './decision.js';
import { nextAction } from './next-action.js';
import { beginStep, decideOutcome } from './outcomes.js';
import type { SubscriptionState } from './state.js';
import type { Outcome, Step } from './steps.js';

export interface TurnIO {
  /** The next request to apply (see nextCommandIndex), if any. */
  take(): { id: number; command: Command } | undefined;
  /** A step is about to run: its in-flight state must be visible (to validators) while it runs. */
  started(s: SubscriptionState, step: Step): void;
  perform(s: SubscriptionState, step: Step): Promise<Outcome>;
  context(): DecisionContext;
}

export type Turn = { kind: 'decided'; decision: Decision } | { kind: 'idle'; until: number | null };

export async function takeTurn(s: SubscriptionState, io: TurnIO): Promise<Turn> {
  const next = io.take();
  if (next) return { kind: 'decided', decision: decideCommand(s, next.command, next.id, io.context()) };
  const action = nextAction(s, io.context());
  if (action.kind === 'decide') return { kind: 'decided', decision: action.decision };
  if (action.kind === 'wait') return { kind: 'idle', until: action.until };
  const started = beginStep(s, action.step);
  io.started(started, action.step);
  const outcome = await io.perform(started, action.step);
  return { kind: 'decided', decision: decideOutcome(started, action.step, outcome, io.context()) };
}
