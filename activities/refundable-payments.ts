import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/create-db.js';
import { payments } from '../db/schema/index.js';
import { refundableAmount } from './refund-rows.js';

export function createRefundablePaymentActivities({ db }: { db: Database }) {
  return {
    /** The captured payment of an invoice and what is still refundable on it, or null when nothing was captured. */
    async findRefundablePayment({ invoiceId }: { invoiceId: string }) {
      const [row] = await db
        .select()
        .from(payments)
        .where(and(eq(payments.invoiceId, invoiceId), eq(payments.status, 'succeeded')));
      if (!row) return null;
      return {
        paymentId: row.id,
        amount: row.amount,
        refundable: refundableAmount(row),
      };
    },
  };
}
