// Pure transitions of the subscription's own fields; every function returns a new state.
import type { CancelReason } from '../../db/schema/statuses.js';
import { periodBounds } from '../periods.js';
import type { PlanSnapshot, SubscriptionState, SubscriptionView } from './state.js';

export const isLive = (s: Pick<SubscriptionView, 'status'>) =>
  s.status === 'pending_payment' || s.status === 'active' || s.status === 'past_due';

export const iso = (ms: number) => new Date(ms).toISOString();

/** Period `index` from the anchor: the anchor never moves, even when a renewal is paid late. */
export function enterPeriod<S extends SubscriptionView>(s: S, index: number): S {
  if (!s.anchor) throw new Error('enterPeriod before activation');
  const { start, end } = periodBounds(new Date(s.anchor), s.plan.period, index);
  return {
    ...s,
    periodIndex: index,
    currentPeriodStart: start.toISOString(),
    currentPeriodEnd: end.toISOString(),
    nextChargeAt: s.cancelAtPeriodEnd ? null : end.toISOString(),
  };
}

export function activate(s: SubscriptionState, now: number): SubscriptionState {
  return enterPeriod({ ...s, status: 'active', anchor: iso(now) }, 0);
}

/** Ends the subscription; what was in progress for it (an unpaid renewal, an upgrade) ends with it. */
export function canceled(s: SubscriptionState, reason: CancelReason, now: number): SubscriptionState {
  const links = [s.dunning?.newCard?.linkId].filter((id): id is string => id !== undefined);
  return {
    ...s,
    status: 'canceled',
    cancelReason: reason,
    canceledAt: iso(now),
    nextChargeAt: null,
    cancelAtPeriodEnd: false,
    pendingPlan: null,
    dunning: null,
    upgrade: null,
    linksToCancel: [...s.linksToCancel, ...links],
  };
}

/**
 * An upgrade (same period, higher price) applies now with a proration charge; anything else — a cheaper plan or a
 * different period length — applies at the period end, so nobody is charged for a period shape they did not have.
 */
export function planChangeKind(current: PlanSnapshot, next: PlanSnapshot): 'upgrade' | 'at_period_end' {
  const samePeriod = current.period.unit === next.period.unit && current.period.count === next.period.count;
  return samePeriod && next.amount > current.amount ? 'upgrade' : 'at_period_end';
}
