// What the subscription should do next, as a pure function of its state and the clock: decide something now,
// perform one step, or wait until a time (or until a request or notification arrives).
import type { Decision } from './decision.js';
import type { Step } from './steps.js';

export type Action =
  | { kind: 'decide'; decision: Decision }
  | { kind: 'perform'; step: Step }
  | { kind: 'wait'; until: number | null };

type Now = Exclude<Action, { kind: 'wait' }>;

/** One area's answer (checkout, renewal, card check, …): something to do now, a time to look again, or nothing. */
export type AreaPlan = Now | { kind: 'wake'; at: number } | null;

export const perform = (step: Step): Now => ({ kind: 'perform', step });
export const decide = (decision: Decision): Now => ({ kind: 'decide', decision });
export const wakeAt = (at: number): AreaPlan => ({ kind: 'wake', at });

/** The first area with something to do now wins; otherwise wait until the earliest time any area gave. */
export function firstAction(plans: readonly AreaPlan[]): Action {
  let until: number | null = null;
  for (const plan of plans) {
    if (plan === null) continue;
    if (plan.kind !== 'wake') return plan;
    until = until === null ? plan.at : Math.min(until, plan.at);
  }
  return { kind: 'wait', until };
}
