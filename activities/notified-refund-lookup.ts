import { and, asc, eq } from 'drizzle-orm';
import type { PaymentProvider } from '../acquiring/provider.js';
import type { Database } from '../db/create-db.js';
import { payments, refunds } from '../db/schema/index.js';
import type { RefundResultFact } from '../workflows/refund/types.js';
import { acquirerUnavailable } from './activity-errors.js';
import type { DoubtedPayment } from './notification-lookup.js';

/**
 * Our refund a refund notification may be about: by the refund id the acquirer echoed, else the oldest pending refund
 * of that payment and amount. Either way it is only a candidate: the acquirer's record decides.
 */
async function candidateRefund(db: Database, provider: string, claim: DoubtedPayment) {
  const ofPayment = (refundWhere: ReturnType<typeof eq>) =>
    db
      .select({ refund: refunds, paymentTransactionId: payments.providerTransactionId })
      .from(refunds)
      .innerJoin(payments, eq(refunds.paymentId, payments.id))
      .where(and(refundWhere, eq(payments.provider, provider)))
      .orderBy(asc(refunds.createdAt))
      .limit(1);
  if (claim.refundId) {
    const [byId] = await ofPayment(eq(refunds.id, claim.refundId));
    if (byId) return byId;
  }
  if (!claim.paymentTransactionId || claim.amount === undefined) return undefined;
  const [pending] = await db
    .select({ refund: refunds, paymentTransactionId: payments.providerTransactionId })
    .from(refunds)
    .innerJoin(payments, eq(refunds.paymentId, payments.id))
    .where(
      and(
        eq(payments.provider, provider),
        eq(payments.providerTransactionId, claim.paymentTransactionId),
        eq(refunds.status, 'pending'),
        eq(refunds.amount, claim.amount),
      ),
    )
    .orderBy(asc(refunds.createdAt))
    .limit(1);
  return pending;
}

/**
 * Asks the acquirer for one of our refunds a notification named: the refund's fact when the acquirer's own record
 * shows it in the claimed outcome (refunded: succeeded; failed: declined), else undefined.
 */
export async function confirmNotifiedRefund(
  deps: { db: Database; provider: PaymentProvider },
  claim: DoubtedPayment,
): Promise<{ refundId: string; fact: RefundResultFact } | undefined> {
  const candidate = await candidateRefund(deps.db, deps.provider.name, claim);
  if (!candidate?.paymentTransactionId) return undefined;
  const lookup = await deps.provider.findRefund({
    paymentTransactionId: candidate.paymentTransactionId,
    refundId: candidate.refund.id,
  });
  if (lookup.status === 'unavailable') throw acquirerUnavailable('findRefund', lookup.failure);
  if (lookup.status === 'not_found') return undefined;
  const found = lookup.payment;
  const claimed = claim.action === 'refund_failed' ? 'declined' : 'succeeded';
  if (found.outcome !== claimed || found.providerTransactionId !== claim.providerTransactionId) return undefined;
  const fact: RefundResultFact =
    claimed === 'succeeded'
      ? { outcome: 'succeeded', providerTransactionId: found.providerTransactionId }
      : { outcome: 'declined', providerTransactionId: found.providerTransactionId, reason: found.decline?.reason };
  return { refundId: candidate.refund.id, fact };
}
