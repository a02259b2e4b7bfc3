// Deterministic helpers over SubscriptionState; time always comes from the workflow clock (Date.now()).
import { periodBounds } from '../../../domain/periods.js';
import type { PlanSnapshot, SubscriptionState } from './types.js';

export const isLive = (s: SubscriptionState) =>
  s.status === 'pending_payment' || s.status === 'active' || s.status === 'past_due';

export const nowIso = () => new Date(Date.now()).toISOString();

/** Invoice ids are business keys: the same period always gets the same invoice, whatever the run or retry. */
export const initialInvoiceId = (subscriptionId: string) => `inv_${subscriptionId}_0`;
/** Renewal number n (1, 2, …) of the subscription's life: unique even when a plan change restarts the anchor. */
export const renewalInvoiceId = (subscriptionId: string, renewal: number) => `inv_${subscriptionId}_${renewal}`;
/** The invoice that paid the current period: the initial one, or the latest renewal paid. */
export const currentPeriodInvoiceId = (s: SubscriptionState) =>
  s.renewalsPaid === 0 ? initialInvoiceId(s.subscriptionId) : renewalInvoiceId(s.subscriptionId, s.renewalsPaid);
export const cardCheckInvoiceId = (subscriptionId: string, n: number) => `inv_${subscriptionId}_card_${n}`;
export const prorationInvoiceId = (subscriptionId: string, renewalsPaid: number, planId: string) =>
  `inv_${subscriptionId}_${renewalsPaid}_upgrade_${planId}`;

/** Starts period `index` from the anchor: the anchor never moves, even when a renewal is paid late. */
export function enterPeriod(s: SubscriptionState, index: number) {
  if (!s.anchor) throw new Error('enterPeriod before activation');
  const { start, end } = periodBounds(new Date(s.anchor), s.plan.period, index);
  s.periodIndex = index;
  s.currentPeriodStart = start.toISOString();
  s.currentPeriodEnd = end.toISOString();
  s.nextChargeAt = s.cancelAtPeriodEnd ? null : s.currentPeriodEnd;
}

export function activate(s: SubscriptionState, at: string) {
  s.status = 'active';
  s.anchor = at;
  enterPeriod(s, 0);
}

export function cancel(s: SubscriptionState, reason: NonNullable<SubscriptionState['cancelReason']>) {
  s.status = 'canceled';
  s.cancelReason = reason;
  s.canceledAt = nowIso();
  s.nextChargeAt = null;
  s.cancelAtPeriodEnd = false;
  s.pendingPlan = null;
}

/**
 * An upgrade (same period, higher price) applies now with a proration charge; anything else — a cheaper plan or a
 * different period length — applies at the period end, so nobody is charged for a period shape they did not have.
 */
export function planChangeKind(current: PlanSnapshot, next: PlanSnapshot): 'upgrade' | 'at_period_end' {
  const samePeriod = current.period.unit === next.period.unit && current.period.count === next.period.count;
  return samePeriod && next.amount > current.amount ? 'upgrade' : 'at_period_end';
}
