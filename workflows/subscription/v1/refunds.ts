// Refunds as seen by a subscription: a full refund of the current period's payment ends it (`refunded`); a cancel
// with a prorated refund starts a refund workflow for the unused part of the period, which outlives this one.
import { condition, setHandler } from '@temporalio/workflow';
import { paymentRefundedSignal } from '../messages.js';

export { refundUnusedPeriod } from '../prorated-refund.js';

import { cancel, currentPeriodInvoiceId } from './state.js';
import type { SubscriptionState } from './types.js';

export interface RefundContext {
  s: SubscriptionState;
  sync(events: string[], invoice?: { id: string; status: 'void' }): Promise<void>;
  endNow(): void;
}

export function registerRefundHandling({ s, sync, endNow }: RefundContext) {
  setHandler(paymentRefundedSignal, async ({ invoiceId }) => {
    // A renewal being settled decides which period is current; wait for it.
    await condition(() => !s.chargeInFlight);
    if (s.status !== 'active' && s.status !== 'past_due') return;
    if (invoiceId !== currentPeriodInvoiceId(s)) return;
    const openInvoice = s.dunning?.invoiceId;
    cancel(s, 'refunded');
    endNow();
    await sync(
      ['subscription.canceled', 'entitlement.revoked'],
      openInvoice ? { id: openInvoice, status: 'void' } : undefined,
    );
  });
}
