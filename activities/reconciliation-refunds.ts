// Refunds left `pending` (a lost answer): ask the acquirer whether each happened; the refund workflow decides.
import { and, eq, isNotNull, lt } from 'drizzle-orm';
import type { Acquirers } from '../acquiring/registry.js';
import type { Database } from '../db/create-db.js';
import { payments, refunds } from '../db/schema/index.js';
import { NOT_FOUND_AT_ACQUIRER, refundMayStillHappen } from '../domain/refund-attempts.js';
import { acquirerNamed } from './acquirer-choice.js';
import { acquirerUnavailable } from './activity-errors.js';

export interface StaleRefundDeps {
  db: Database;
  acquirers: Acquirers;
  now: () => Date;
}

/** The argument of the refund workflow's `refundResult` signal. */
export interface RefundResultFact {
  outcome: 'succeeded' | 'declined';
  providerTransactionId?: string | undefined;
  reason?: string | undefined;
}

export type RefundLookup = { status: 'settled'; fact: RefundResultFact } | { status: 'unresolved' };

export function createStaleRefundActivities({ db, acquirers, now }: StaleRefundDeps) {
  return {
    /**
     * Refunds still `pending` whose last call to the acquirer began before `before`: staleness counts from the last
     * attempt, not from creation (a refund approved after days of waiting is fresh). One never sent yet is its
     * workflow's to send, not stale.
     */
    async listStaleRefunds({ before, limit }: { before: string; limit: number }) {
      return db
        .select({ refundId: refunds.id, paymentTransactionId: payments.providerTransactionId })
        .from(refunds)
        .innerJoin(payments, eq(refunds.paymentId, payments.id))
        .where(
          and(
            eq(refunds.status, 'pending'),
            isNotNull(refunds.lastAttemptAt),
            lt(refunds.lastAttemptAt, new Date(before)),
          ),
        )
        .orderBy(refunds.lastAttemptAt)
        .limit(limit);
    },

    /** Found (succeeded or declined) or definitively absent: settled; anything else waits for the next run. */
    async lookUpRefund(input: { refundId: string; paymentTransactionId: string | null }): Promise<RefundLookup> {
      if (!input.paymentTransactionId) {
        return { status: 'settled', fact: { outcome: 'declined', reason: 'payment_not_captured' } };
      }
      const [payment] = await db
        .select({ provider: payments.provider })
        .from(refunds)
        .innerJoin(payments, eq(refunds.paymentId, payments.id))
        .where(eq(refunds.id, input.refundId));
      if (!payment) throw new Error(`refund ${input.refundId} not found`);
      const lookup = await acquirerNamed(acquirers, payment.provider).findRefund({
        refundId: input.refundId,
        paymentTransactionId: input.paymentTransactionId,
      });
      if (lookup.status === 'unavailable') throw acquirerUnavailable('findRefund', lookup.failure);
      if (lookup.status === 'not_found') {
        // Final only once our last call can no longer land (it is read again here: it may have been retried).
        const [row] = await db
          .select({ lastAttemptAt: refunds.lastAttemptAt })
          .from(refunds)
          .where(eq(refunds.id, input.refundId));
        if (refundMayStillHappen(row?.lastAttemptAt ?? null, now())) return { status: 'unresolved' };
        return { status: 'settled', fact: { outcome: 'declined', reason: NOT_FOUND_AT_ACQUIRER } };
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
