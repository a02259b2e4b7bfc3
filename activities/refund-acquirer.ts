import { and, eq, sql } from 'drizzle-orm';
import type { Acquirers } from '../acquiring/registry.js';
import type { Database } from '../db/create-db.js';
import { payments, refunds } from '../db/schema/index.js';
import type { ReceiptSettings } from '../domain/receipts.js';
import type { RefundResultFact } from '../workflows/refund/types.js';
import { acquirerNamed } from './acquirer-choice.js';
import { acquirerUnavailable } from './activity-errors.js';
import { refundReceiptOf } from './receipt-records.js';

export interface RefundAcquirerDeps {
  db: Database;
  acquirers: Acquirers;
  now: () => Date;
  receipts: ReceiptSettings;
}

export function createRefundAcquirerActivities({ db, acquirers, now, receipts }: RefundAcquirerDeps) {
  return {
    /**
     * Asks the acquirer to refund, with the refund id as its idempotency key. A refund that may already have been
     * sent (an earlier try lost its answer) is looked up first, so a retry can never refund twice.
     */
    async sendRefund({ refundId }: { refundId: string }): Promise<RefundResultFact & { acquirer: string }> {
      const [row] = await db
        .select({ refund: refunds, payment: payments })
        .from(refunds)
        .innerJoin(payments, eq(refunds.paymentId, payments.id))
        .where(eq(refunds.id, refundId));
      if (!row) throw new Error(`refund ${refundId} not found`);
      const { refund, payment } = row;
      // Which acquirer refunded: shown with the activity's result in the Temporal Web UI; the workflow ignores it.
      const tag = (fact: RefundResultFact) => ({ ...fact, acquirer: payment.provider });
      if (refund.status === 'succeeded' || refund.status === 'failed') {
        return tag({
          outcome: refund.status === 'succeeded' ? 'succeeded' : 'declined',
          providerTransactionId: refund.providerTransactionId ?? undefined,
          reason: refund.failureReason ?? undefined,
        });
      }
      const paymentTransactionId = payment.providerTransactionId ?? '';
      // Refunded by the acquirer that took the payment, never by the default.
      const provider = acquirerNamed(acquirers, payment.provider);
      if (refund.details?.sentAt) {
        const lookup = await provider.findRefund({ paymentTransactionId, refundId });
        if (lookup.status === 'unavailable') throw acquirerUnavailable('findRefund', lookup.failure);
        if (lookup.status === 'found' && lookup.payment.outcome === 'succeeded') {
          return tag({ outcome: 'succeeded', providerTransactionId: lookup.payment.providerTransactionId });
        }
      }
      // The attempt is claimed under the refund's row lock and only while it is pending: a refund settled meanwhile
      // (a notification, reconciliation) is never sent, and a settlement sees this attempt and waits its window out.
      const at = now();
      const [claimed] = await db
        .update(refunds)
        .set({
          lastAttemptAt: at,
          details: sql`coalesce(${refunds.details}, '{}'::jsonb) || ${JSON.stringify({ sentAt: at.toISOString() })}::jsonb`,
        })
        .where(and(eq(refunds.id, refundId), eq(refunds.status, 'pending')))
        .returning({ id: refunds.id });
      if (!claimed) throw new Error(`refund ${refundId} left pending before it was sent; retried to read its outcome`);
      const result = await provider.refund({
        paymentId: payment.id,
        refundId,
        idempotencyKey: refundId,
        amount: refund.amount,
        currency: refund.currency,
        providerTransactionId: paymentTransactionId,
        receipt: await refundReceiptOf({ db, receipts }, refund, payment),
      });
      if (result.outcome === 'succeeded')
        return tag({ outcome: 'succeeded', providerTransactionId: result.providerTransactionId });
      if (result.outcome === 'declined') {
        return tag({ outcome: 'declined', reason: result.decline?.message ?? result.decline?.reason ?? 'declined' });
      }
      throw acquirerUnavailable('refund', result.failure);
    },
  };
}
