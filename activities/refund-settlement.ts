// Writing the acquirer's answer into our books, shared by the refund saga, its notification and reconciliation.
import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../db/audit.js';
import type { Database } from '../db/create-db.js';
import { payments, refunds } from '../db/schema/index.js';
import type { RefundResultFact } from '../workflows/refund/types.js';
import { logRefundRow } from './refund-log.js';
import { appendRefundEvent, refundableAmount } from './refund-rows.js';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
type RefundRow = typeof refunds.$inferSelect;
type PaymentRow = typeof payments.$inferSelect;

/** A pending refund settles once: success moves its reservation to refunded; a refusal releases it. */
export async function settlePendingRefund(
  tx: Tx,
  { refund, payment }: { refund: RefundRow; payment: PaymentRow },
  fact: RefundResultFact,
  at: Date,
  actor: string,
) {
  const succeeded = fact.outcome === 'succeeded';
  const [updatedPayment] = await tx
    .update(payments)
    .set({
      reservedRefundAmount: sql`${payments.reservedRefundAmount} - ${refund.amount}`,
      refundedAmount: succeeded ? sql`${payments.refundedAmount} + ${refund.amount}` : payments.refundedAmount,
      updatedAt: at,
    })
    .where(eq(payments.id, payment.id))
    .returning();
  const [row] = await tx
    .update(refunds)
    .set({
      status: succeeded ? 'succeeded' : 'failed',
      providerTransactionId: fact.providerTransactionId ?? null,
      failureReason: succeeded ? null : (fact.reason ?? 'declined by the acquirer'),
      updatedAt: at,
    })
    .where(eq(refunds.id, refund.id))
    .returning();
  const final = row ?? refund;
  const after = updatedPayment ?? payment;
  await appendRefundEvent(tx, final, after, at);
  await recordAudit(tx, {
    actor,
    action: succeeded ? 'refund.succeeded' : 'refund.failed',
    entityType: 'refund',
    entityId: refund.id,
    reason: final.failureReason ?? undefined,
    before: { status: refund.status },
    after: { status: final.status, providerTransactionId: final.providerTransactionId },
  });
  logRefundRow(succeeded ? 'refund succeeded' : 'refund failed', final, after, actor);
  return { refund: final, payment: after };
}

/**
 * A refund we marked failed that the acquirer did make: `succeeded`, its amount applied to the payment again (the
 * failure had released its reservation), audited and announced. Undefined when the payment has no room left for it
 * (refunded again meanwhile): then the books cannot be set right by themselves, and the caller flags it.
 */
export async function correctFailedRefund(
  tx: Tx,
  { refund, payment }: { refund: RefundRow; payment: PaymentRow },
  fact: RefundResultFact,
  at: Date,
  actor: string,
) {
  if (refundableAmount(payment) < refund.amount) return undefined;
  const [after] = await tx
    .update(payments)
    .set({ refundedAmount: sql`${payments.refundedAmount} + ${refund.amount}`, updatedAt: at })
    .where(eq(payments.id, payment.id))
    .returning();
  const [row] = await tx
    .update(refunds)
    .set({
      status: 'succeeded',
      providerTransactionId: fact.providerTransactionId ?? refund.providerTransactionId,
      failureReason: null,
      updatedAt: at,
    })
    .where(eq(refunds.id, refund.id))
    .returning();
  const final = row ?? refund;
  const paymentAfter = after ?? payment;
  await appendRefundEvent(tx, final, paymentAfter, at);
  await recordAudit(tx, {
    actor,
    action: 'refund.corrected',
    entityType: 'refund',
    entityId: refund.id,
    reason: 'the acquirer made the refund after we marked it failed: reservation re-applied',
    before: { status: refund.status, failureReason: refund.failureReason },
    after: { status: final.status, providerTransactionId: final.providerTransactionId, amount: refund.amount },
  });
  logRefundRow('refund corrected', final, paymentAfter, actor);
  return { refund: final, payment: paymentAfter };
}
