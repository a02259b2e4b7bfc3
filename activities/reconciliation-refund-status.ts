// Refunds compared by status, not only existence: the acquirer's listed refunds of ours against our rows, and our
// succeeded refunds of the window that the acquirer's list lacks (confirmed by a direct lookup).
import { and, eq, gte, inArray, lte, or } from 'drizzle-orm';
import type { AcquirerTransaction, PaymentProvider } from '../acquiring/provider.js';
import type { Database } from '../db/create-db.js';
import { payments, refunds } from '../db/schema/index.js';
import { NOT_FOUND_AT_ACQUIRER } from '../domain/refund-attempts.js';
import type { RefundResultFact } from '../workflows/refund/types.js';
import { acquirerUnavailable } from './activity-errors.js';

/** One of our refunds and what the acquirer shows for it, where the two differ; `applyAcquirerRefund` acts on it. */
export interface RefundStatusFinding {
  refundId: string;
  fact: RefundResultFact;
}

const factOf = (tx: AcquirerTransaction): RefundResultFact =>
  tx.state === 'declined'
    ? { outcome: 'declined', providerTransactionId: tx.providerTransactionId, reason: 'declined_at_acquirer' }
    : { outcome: 'succeeded', providerTransactionId: tx.providerTransactionId };

/** Ours done but the acquirer's refused, or the acquirer's done but ours not: a pending refund refused is the saga's. */
const differs = (ours: string, fact: RefundResultFact) =>
  fact.outcome === 'succeeded' ? ours !== 'succeeded' : ours === 'succeeded';

export async function refundStatusFindings(
  deps: { db: Database; provider: PaymentProvider },
  listed: AcquirerTransaction[],
  window: { from: Date; to: Date },
): Promise<RefundStatusFinding[]> {
  const { db, provider } = deps;
  const listedRefunds = listed.filter((t) => t.kind === 'refund');
  const ids = [...new Set(listedRefunds.flatMap((t) => (t.paymentId ? [t.paymentId] : [])))];
  const txIds = listedRefunds.map((t) => t.providerTransactionId);
  const ours = listedRefunds.length
    ? await db
        .select({ id: refunds.id, status: refunds.status, providerTransactionId: refunds.providerTransactionId })
        .from(refunds)
        .where(or(ids.length ? inArray(refunds.id, ids) : undefined, inArray(refunds.providerTransactionId, txIds)))
    : [];
  const findings: RefundStatusFinding[] = [];
  const seen = new Set<string>();
  for (const row of ours) {
    const its = listedRefunds.filter(
      (t) => t.paymentId === row.id || t.providerTransactionId === row.providerTransactionId,
    );
    // Should the acquirer keep a declined attempt beside a good one, the good one is the answer.
    const best = its.find((t) => t.state !== 'declined') ?? its[0];
    if (!best) continue;
    seen.add(row.id);
    const fact = factOf(best);
    if (differs(row.status, fact)) findings.push({ refundId: row.id, fact });
  }

  const succeeded = await db
    .select({ id: refunds.id, paymentTransactionId: payments.providerTransactionId })
    .from(refunds)
    .innerJoin(payments, eq(refunds.paymentId, payments.id))
    .where(
      and(
        eq(payments.provider, provider.name),
        eq(refunds.status, 'succeeded'),
        gte(refunds.updatedAt, window.from),
        lte(refunds.updatedAt, window.to),
      ),
    );
  for (const row of succeeded) {
    if (seen.has(row.id)) continue;
    const lookup = await provider.findRefund({
      refundId: row.id,
      paymentTransactionId: row.paymentTransactionId ?? '',
    });
    if (lookup.status === 'unavailable') throw acquirerUnavailable('findRefund', lookup.failure);
    if (lookup.status === 'found' && lookup.payment.outcome === 'succeeded') continue;
    const fact: RefundResultFact =
      lookup.status === 'found'
        ? {
            outcome: 'declined',
            providerTransactionId: lookup.payment.providerTransactionId,
            reason: 'declined_at_acquirer',
          }
        : { outcome: 'declined', reason: NOT_FOUND_AT_ACQUIRER };
    findings.push({ refundId: row.id, fact });
  }
  return findings;
}
