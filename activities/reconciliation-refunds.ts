// Refunds left `pending` (a lost answer): ask the acquirer whether each happened; the refund workflow decides.
import { and, eq, lt } from 'drizzle-orm';
import type { PaymentProvider } from '../acquiring/provider.js';
import type { Database } from '../db/create-db.js';
import { payments, refunds } from '../db/schema/index.js';
import { acquirerUnavailable } from './activity-errors.js';

export interface StaleRefundDeps {
  db: Database;
  provider: PaymentProvider;
}

/** The argument of the refund workflow's `refundResult` signal. */
export interface RefundResultFact {
  outcome: 'succeeded' | 'declined';
  providerTransactionId?: string | undefined;
  reason?: string | undefined;
}

export type RefundLookup = { status: 'settled'; fact: RefundResultFact } | { status: 'unresolved' };

export function createStaleRefundActivities({ db, provider }: StaleRefundDeps) {
  return {
    /** Refunds still `pending` that were created before `before`, with the acquirer id of the payment they return. */
    async listStaleRefunds({ before, limit }: { before: string; limit: number }) {
      return db
        .select({ refundId: refunds.id, paymentTransactionId: payments.providerTransactionId })
        .from(refunds)
        .innerJoin(payments, eq(refunds.paymentId, payments.id))
        .where(and(eq(refunds.status, 'pending'), lt(refunds.createdAt, new Date(before))))
        .orderBy(refunds.createdAt)
        .limit(limit);
    },

    /** Found (succeeded or declined) or definitively absent: settled; anything else waits for the next run. */
    async lookUpRefund(input: { refundId: string; paymentTransactionId: string | null }): Promise<RefundLookup> {
      if (!input.paymentTransactionId) {
        return { status: 'settled', fact: { outcome: 'declined', reason: 'payment_not_captured' } };
      }
      const lookup = await provider.findRefund({
        refundId: input.refundId,
        paymentTransactionId: input.paymentTransactionId,
      });
      if (lookup.status === 'unavailable') throw acquirerUnavailable('findRefund', lookup.failure);
      if (lookup.status === 'not_found') {
        return { status: 'settled', fact: { outcome: 'declined', reason: 'not_found_at_acquirer' } };
      }
      const { outcome, providerTransactionId, decline } = lookup.payment;
      if (outcome === 'succeeded') return { status: 'settled', fact: { outcome, providerTransactionId } };
      if (outcome === 'declined') {
        return { status: 'settled', fact: { outcome, providerTransactionId, reason: decline?.reason } };
      }
      return { status: 'unresolved' };
    },
  };
}
