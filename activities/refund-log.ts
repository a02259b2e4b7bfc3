// One info line per refund step the worker records: requested, approved or rejected, succeeded, failed or corrected
// (observability/activity-log.ts). Ids, amounts and statuses only.
import type { payments, refunds } from '../db/schema/index.js';
import { logRecorded } from '../observability/activity-log.js';
import type { RefundView } from '../workflows/refund/types.js';

type RefundRow = typeof refunds.$inferSelect;
type PaymentRow = typeof payments.$inferSelect;

export function logRefundView(message: string, view: RefundView, extra: { actor?: string } = {}) {
  logRecorded(message, {
    refundId: view.refundId,
    paymentId: view.paymentId,
    invoiceId: view.invoiceId,
    subscriptionId: view.subscriptionId,
    amount: view.amount,
    currency: view.currency,
    status: view.status,
    actor: extra.actor,
  });
}

export function logRefundRow(message: string, refund: RefundRow, payment: PaymentRow, actor: string) {
  logRecorded(message, {
    refundId: refund.id,
    paymentId: payment.id,
    invoiceId: payment.invoiceId,
    subscriptionId: payment.subscriptionId,
    acquirer: payment.provider,
    amount: refund.amount,
    currency: refund.currency,
    status: refund.status,
    providerTransactionId: refund.providerTransactionId,
    actor,
  });
}
