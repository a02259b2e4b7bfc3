import { eq } from 'drizzle-orm';
import type { Database } from '../db/create-db.js';
import { payments, refunds, subscriptions } from '../db/schema/index.js';
import type { RefundView } from '../workflows/refund/types.js';
import { appendSubscriptionEvents } from './outbox.js';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
type RefundRow = typeof refunds.$inferSelect;
type PaymentRow = typeof payments.$inferSelect;

/** What is still refundable on a payment: captured minus refunded minus refunds in flight. */
export const refundableAmount = (p: Pick<PaymentRow, 'amount' | 'refundedAmount' | 'reservedRefundAmount'>) =>
  p.amount - p.refundedAmount - p.reservedRefundAmount;

export const toRefundView = (refund: RefundRow, payment: PaymentRow): RefundView => ({
  refundId: refund.id,
  paymentId: payment.id,
  invoiceId: payment.invoiceId,
  subscriptionId: payment.subscriptionId,
  amount: refund.amount,
  currency: refund.currency,
  status: refund.status,
  approvalDeadline: refund.approvalDeadline?.toISOString() ?? null,
});

/** The refund and its payment, locked in that order (payment first, like reservations) for the transaction. */
export async function lockRefund(tx: Tx, refundId: string) {
  const [found] = await tx.select({ paymentId: refunds.paymentId }).from(refunds).where(eq(refunds.id, refundId));
  if (!found) throw new Error(`refund ${refundId} not found`);
  const [payment] = await tx.select().from(payments).where(eq(payments.id, found.paymentId)).for('update');
  const [refund] = await tx.select().from(refunds).where(eq(refunds.id, refundId)).for('update');
  if (!payment || !refund) throw new Error(`refund ${refundId} or its payment vanished`);
  return { refund, payment };
}

/** `refund.succeeded` / `refund.failed` in the subscription's event stream, numbered under its row lock. */
export async function appendRefundEvent(tx: Tx, refund: RefundRow, payment: PaymentRow, at: Date) {
  if (refund.status !== 'succeeded' && refund.status !== 'failed') return;
  await tx
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(eq(subscriptions.id, payment.subscriptionId))
    .for('update');
  const type = `refund.${refund.status}`;
  await appendSubscriptionEvents(
    tx,
    payment.subscriptionId,
    [
      {
        id: `evt_${refund.id}_${refund.status}`,
        type,
        data: {
          refundId: refund.id,
          paymentId: payment.id,
          invoiceId: payment.invoiceId,
          subscriptionId: payment.subscriptionId,
          userId: payment.userId,
          amount: refund.amount,
          currency: refund.currency,
          reason: refund.reason,
          failureReason: refund.failureReason,
        },
      },
    ],
    at,
  );
}
