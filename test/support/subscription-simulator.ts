// Runs the subscription's real decision loop (domain/subscription/turn.ts) without Temporal: scripted step outcomes,
// a clock that jumps to the next wake-up, and requests injected before or during any step. Requests are validated
// when they arrive, as the workflow's update validators do, and queued in the workflow's order.
import { type Command, nextCommandIndex, refusalOf } from '../../domain/subscription/commands.js';
import type { Decision, Reply } from '../../domain/subscription/decision.js';
import type { SubscriptionState } from '../../domain/subscription/state.js';
import type { Outcome, Step } from '../../domain/subscription/steps.js';
import { takeTurn } from '../../domain/subscription/turn.js';
import { ctxAt } from './subscription-states.js';

export interface Injection {
  /** Number of steps performed before it arrives; or `atTime`: when the clock reaches that time. */
  afterSteps?: number | undefined;
  atTime?: number | undefined;
  /** `during`: while that step (number `afterSteps`) is running. */
  phase?: 'before' | 'during' | undefined;
  /** The request, or how to make it from the state it arrives in (e.g. the invoice of the period then). */
  command: Command | ((s: SubscriptionState) => Command);
}

export type TraceEntry =
  | { kind: 'arrived'; id: number; command: Command; accepted: boolean; state: SubscriptionState; at: number }
  /** `before`: the state the step was chosen in; `started`: with the step marked in flight. */
  | {
      kind: 'step';
      index: number;
      step: Step;
      before: SubscriptionState;
      started: SubscriptionState;
      outcome: Outcome;
      at: number;
    }
  | { kind: 'decided'; decision: Decision; at: number };

export interface Simulation {
  state: SubscriptionState;
  trace: TraceEntry[];
  replies: Reply[];
}

export interface SimulationScript {
  injections?: Injection[];
  outcome(step: Step, s: SubscriptionState): Outcome;
  /** Stop once this holds (checked between turns), or when nothing is left to do. */
  stopWhen?: (s: SubscriptionState) => boolean;
  startAt: number;
  maxTurns?: number;
}

export async function simulate(initial: SubscriptionState, script: SimulationScript): Promise<Simulation> {
  let s = initial;
  let before = initial;
  let now = script.startAt;
  let steps = 0;
  let lastId = 0;
  const queue: { id: number; command: Command }[] = [];
  const trace: TraceEntry[] = [];
  const replies: Reply[] = [];
  const pending = [...(script.injections ?? [])];
  const post = (injection: Injection) => {
    pending.splice(pending.indexOf(injection), 1);
    lastId += 1;
    const command = typeof injection.command === 'function' ? injection.command(s) : injection.command;
    const accepted = refusalOf(s, command) === undefined;
    trace.push({ kind: 'arrived', id: lastId, command, accepted, state: s, at: now });
    if (accepted) queue.push({ id: lastId, command });
  };
  const arrive = (phase: 'before' | 'during') => {
    const due = (i: Injection) => i.afterSteps === steps && (i.phase ?? 'before') === phase;
    for (const injection of pending.filter(due)) post(injection);
  };
  // As the workflow waits for every handler to finish before its run ends: nothing queued, nobody unanswered.
  const unanswered = () =>
    trace.some(
      (e) => e.kind === 'arrived' && e.accepted && !isSignal(e.command) && !replies.some((r) => r.to === e.id),
    );
  const settled = () =>
    queue.length === 0 && !unanswered() && !pending.some((i) => i.atTime === undefined && (i.afterSteps ?? 0) <= steps);
  for (let turn = 0; turn < (script.maxTurns ?? 500); turn++) {
    if (script.stopWhen?.(s) && settled()) break;
    arrive('before');
    const result = await takeTurn(s, {
      take: () => {
        const index = nextCommandIndex(queue.map((e) => e.command));
        return index === undefined ? undefined : queue.splice(index, 1)[0];
      },
      started: (next) => {
        before = s;
        s = next;
      },
      perform: async (started, step) => {
        arrive('during');
        const outcome = script.outcome(step, started);
        trace.push({ kind: 'step', index: steps, step, before, started, outcome, at: now });
        steps += 1;
        return outcome;
      },
      context: () => ctxAt(now),
    });
    if (result.kind === 'decided') {
      s = result.decision.state;
      replies.push(...result.decision.replies);
      trace.push({ kind: 'decided', decision: result.decision, at: now });
      continue;
    }
    if (queue.length > 0) continue;
    // Nothing to do until `until`: a step-bound request that found no step running arrives now; a timed one first.
    const stranded = pending.filter((i) => i.afterSteps === steps);
    for (const injection of stranded) post(injection);
    if (stranded.length > 0) continue;
    const timed = pending
      .filter((i) => i.atTime !== undefined && (result.until === null || (i.atTime ?? 0) <= result.until))
      .sort((x, y) => (x.atTime ?? 0) - (y.atTime ?? 0))[0];
    if (timed) {
      now = Math.max(now, timed.atTime ?? now);
      post(timed);
      continue;
    }
    if (result.until === null) break;
    now = result.until;
  }
  return { state: s, trace, replies };
}

const isSignal = (c: Command) => c.kind === 'payment_fact' || c.kind === 'payment_refunded';
