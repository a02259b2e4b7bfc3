// The acquirer's word on one of our refunds, applied directly to the books (its workflow may have ended long ago):
// a pending refund settles, a failed one the acquirer made is corrected, and a disagreement that cannot be settled
// for certain comes back as a finding to store.
import type { Database } from '../db/create-db.js';
import { isNotFoundFact, refundMayStillHappen } from '../domain/refund-attempts.js';
import type { BusinessMetrics } from '../observability/business-metrics.js';
import type { RefundResultFact, RefundView } from '../workflows/refund/types.js';
import type { FoundDiscrepancy } from './reconciliation-compare.js';
import { lockRefund, toRefundView } from './refund-rows.js';
import { correctFailedRefund, settlePendingRefund } from './refund-settlement.js';

export type AcquirerRefundResult =
  | { outcome: 'settled' | 'corrected'; view: RefundView; fullyRefunded: boolean }
  | { outcome: 'unchanged' }
  | { outcome: 'flagged'; discrepancy: FoundDiscrepancy };

export interface AcquirerRefundInput {
  refundId: string;
  fact: RefundResultFact;
  /** Who learnt it: `system:reconciliation`, `system:webhook`. */
  actor: string;
}

type Db = Pick<Database, 'transaction'>;

export async function applyAcquirerRefund(db: Db, now: () => Date, input: AcquirerRefundInput) {
  const { refundId, fact, actor } = input;
  return db.transaction(async (tx): Promise<AcquirerRefundResult> => {
    const locked = await lockRefund(tx, refundId);
    const { refund, payment } = locked;
    const at = now();
    const done = fact.outcome === 'succeeded';
    const result = (outcome: 'settled' | 'corrected', r: { refund: typeof refund; payment: typeof payment }) => ({
      outcome,
      view: toRefundView(r.refund, r.payment),
      fullyRefunded: r.payment.refundedAmount === r.payment.amount,
    });
    if (refund.status === 'pending') {
      if (isNotFoundFact(fact) && refundMayStillHappen(refund.lastAttemptAt, at)) return { outcome: 'unchanged' };
      return result('settled', await settlePendingRefund(tx, locked, fact, at, actor));
    }
    if (refund.status === 'failed' && done) {
      const corrected = await correctFailedRefund(tx, locked, fact, at, actor);
      if (corrected) return result('corrected', corrected);
    }
    const agrees = done ? refund.status === 'succeeded' : refund.status !== 'succeeded';
    if (agrees) return { outcome: 'unchanged' };
    return {
      outcome: 'flagged',
      discrepancy: {
        kind: 'refund_status_mismatch',
        providerTransactionId: fact.providerTransactionId ?? refund.providerTransactionId ?? undefined,
        refundId,
        invoiceId: payment.invoiceId,
        ours: {
          refundId,
          paymentId: payment.id,
          status: refund.status,
          amount: refund.amount,
          currency: refund.currency,
          providerTransactionId: refund.providerTransactionId,
          failureReason: refund.failureReason,
        },
        acquirer: {
          outcome: fact.outcome,
          providerTransactionId: fact.providerTransactionId ?? null,
          reason: fact.reason ?? null,
        },
      },
    };
  });
}

export function createRefundCorrectionActivities({
  db,
  now,
  metrics,
}: {
  db: Db;
  now: () => Date;
  metrics?: Pick<BusinessMetrics, 'refundReached'> | undefined;
}) {
  return {
    /** Applies what the acquirer shows for one refund; see `applyAcquirerRefund`. */
    async applyAcquirerRefund(input: AcquirerRefundInput) {
      const result = await applyAcquirerRefund(db, now, input);
      // Counted only by the call that changed the row: a retry after the commit finds it settled and counts nothing.
      if (result.outcome === 'settled' || result.outcome === 'corrected') metrics?.refundReached(result.view.status);
      return result;
    },
  };
}
