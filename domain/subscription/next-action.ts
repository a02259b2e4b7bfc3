// The one place that decides what a subscription does next. Areas are asked in a fixed order, so whatever arrives
// and whenever time passes, the same state always leads to the same next step.
import { cardCheckPlan } from './card-check.js';
import { checkoutPlan } from './checkout.js';
import type { DecisionContext } from './decision.js';
import { factsPlan, housekeepingAllowed, housekeepingWake, linksPlan, refundPlan } from './housekeeping.js';
import { type Action, firstAction } from './plan.js';
import { renewalPlan } from './renewal.js';
import type { SubscriptionState } from './state.js';
import { upgradePlan } from './upgrade.js';

export function nextAction(s: SubscriptionState, ctx: DecisionContext): Action {
  const lookups = housekeepingAllowed(s, ctx.now);
  return firstAction([
    factsPlan(s),
    checkoutPlan(s, ctx, lookups),
    refundPlan(s),
    upgradePlan(s),
    renewalPlan(s, ctx, lookups),
    cardCheckPlan(s, ctx, lookups),
    linksPlan(s, lookups),
    lookups ? null : housekeepingWake(s),
  ]);
}
