// A subscriber brought over from the old billing: active, its current period paid there, charged by us only when it
// ends. The anchor is that period end and the index -1 (as after a scheduled plan change), so the first renewal
// covers [period end, period end + one period) and every later one counts from there.
import { periodStartBefore } from '../periods.js';
import type { StoredState } from './restore.js';
import type { PlanSnapshot } from './state.js';

export function importedSubscriptionState(
  subscriptionId: string,
  userId: string,
  plan: PlanSnapshot,
  periodEnd: Date,
): StoredState {
  const end = periodEnd.toISOString();
  return {
    subscriptionId,
    userId,
    status: 'active',
    plan,
    pendingPlan: null,
    anchor: end,
    periodIndex: -1,
    renewalsPaid: 0,
    currentPeriodStart: periodStartBefore(periodEnd, plan.period).toISOString(),
    currentPeriodEnd: end,
    cancelAtPeriodEnd: false,
    pastDueSince: null,
    nextChargeAt: end,
    canceledAt: null,
    cancelReason: null,
    chargeInFlight: null,
    paymentMethodVersion: 0,
  };
}
