// Refunds as seen by a subscription: a full refund of the current period's payment ends it (`refunded`); a cancel
// with a prorated refund starts a refund workflow for the unused part of the period, which outlives this one.
import { condition, ParentClosePolicy, setHandler, startChild } from '@temporalio/workflow';
import { proratedRefundAmount } from '../../domain/proration.js';
import type { refundWorkflow } from '../refund-workflow.js';
import { refundWorkflowId } from '../workflow-ids.js';
import { records } from './activity-proxies.js';
import { paymentRefundedSignal } from './messages.js';
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

export interface PaidPeriod {
  invoiceId: string;
  periodStart: string;
  periodEnd: string;
}

/** Refunds the unused part of the period paid by `period.invoiceId`, as of now; nothing when nothing is left. */
export async function refundUnusedPeriod(period: PaidPeriod, actor: string) {
  const paid = await records.findRefundablePayment({ invoiceId: period.invoiceId });
  if (!paid) return;
  const amount = proratedRefundAmount(paid.amount, paid.refundable, {
    periodStart: new Date(period.periodStart),
    periodEnd: new Date(period.periodEnd),
    at: new Date(Date.now()),
  });
  if (amount <= 0) return;
  const refundId = `ref_${period.invoiceId}_cancel`;
  await startChild<typeof refundWorkflow>('refundWorkflow', {
    workflowId: refundWorkflowId(refundId),
    args: [
      {
        refundId,
        paymentId: paid.paymentId,
        amount,
        reason: 'prorated refund of the unused period on cancel',
        requestedBy: actor,
        approvalThreshold: null,
        approvalTimeoutMs: 0,
      },
    ],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
}
