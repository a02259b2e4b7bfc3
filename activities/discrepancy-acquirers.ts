import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/create-db.js';
import type { DiscrepancyFinding } from '../db/discrepancies.js';
import { payments, refunds } from '../db/schema/index.js';

/**
 * Names the acquirer of each finding that does not name one (a refund finding, or one from a run before several
 * acquirers): the acquirer of its payment, or of its refund's payment; `fallback` when it has neither.
 */
export async function withAcquirers(
  db: Database,
  fallback: string,
  items: DiscrepancyFinding[],
): Promise<DiscrepancyFinding[]> {
  const paymentIds = items.flatMap((d) => (!d.provider && d.paymentId ? [d.paymentId] : []));
  const refundIds = items.flatMap((d) => (!d.provider && d.refundId ? [d.refundId] : []));
  const byPayment = new Map(
    paymentIds.length
      ? (
          await db
            .select({ id: payments.id, provider: payments.provider })
            .from(payments)
            .where(inArray(payments.id, paymentIds))
        ).map((r) => [r.id, r.provider])
      : [],
  );
  const byRefund = new Map(
    refundIds.length
      ? (
          await db
            .select({ id: refunds.id, provider: payments.provider })
            .from(refunds)
            .innerJoin(payments, eq(refunds.paymentId, payments.id))
            .where(inArray(refunds.id, refundIds))
        ).map((r) => [r.id, r.provider])
      : [],
  );
  return items.map((d) => ({
    ...d,
    provider:
      d.provider ??
      (d.paymentId ? byPayment.get(d.paymentId) : undefined) ??
      (d.refundId ? byRefund.get(d.refundId) : undefined) ??
      fallback,
  }));
}
