import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../db/create-db.js';
import { payments } from '../db/schema/index.js';
import { refundableAmount } from './refund-rows.js';

export function createRefundablePaymentActivities({ db }: { db: Database }) {
  return {
    /**
     * The captured payment of an invoice and what is still refundable on it, or null when nothing was captured. A
     * duplicate capture (given back by reconciliation) is never the one: the earliest capture still refundable is.
     */
    async findRefundablePayment({ invoiceId }: { invoiceId: string }) {
      const captured = await db
        .select()
        .from(payments)
        .where(and(eq(payments.invoiceId, invoiceId), eq(payments.status, 'succeeded')))
        .orderBy(asc(payments.createdAt), asc(payments.attempt));
      const row = captured.find((p) => refundableAmount(p) > 0) ?? captured[0];
      if (!row) return null;
      return {
        paymentId: row.id,
        amount: row.amount,
        refundable: refundableAmount(row),
      };
    },
  };
}
