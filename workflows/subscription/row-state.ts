import type { SubscriptionRowState } from '../../activities/subscription-rows.js';
import type { SubscriptionState } from '../../domain/subscription/state.js';

/** Only what the subscription's row and events need goes into the activity's input (and so into history). */
export const rowState = (s: SubscriptionState): SubscriptionRowState => ({
  subscriptionId: s.subscriptionId,
  userId: s.userId,
  status: s.status,
  plan: s.plan,
  pendingPlan: s.pendingPlan,
  anchor: s.anchor,
  periodIndex: s.periodIndex,
  renewalsPaid: s.renewalsPaid,
  currentPeriodStart: s.currentPeriodStart,
  currentPeriodEnd: s.currentPeriodEnd,
  cancelAtPeriodEnd: s.cancelAtPeriodEnd,
  pastDueSince: s.pastDueSince,
  nextChargeAt: s.nextChargeAt,
  canceledAt: s.canceledAt,
  cancelReason: s.cancelReason,
  chargeInFlight: s.chargeInFlight,
  paymentMethodVersion: s.paymentMethodVersion,
  dunning: s.dunning ? { invoiceId: s.dunning.invoiceId } : null,
});
