import { randomUUID } from 'node:crypto';
import { logRecorded, type RecordLog } from '../observability/activity-log.js';
import type { Database } from './create-db.js';
import { reconciliationDiscrepancies } from './schema/index.js';
import type { DiscrepancyKind } from './schema/statuses.js';

/** A disagreement between our books and the acquirer's, as reconciliation and the webhook find them. */
export interface DiscrepancyFinding {
  kind: DiscrepancyKind;
  providerTransactionId?: string | undefined;
  paymentId?: string | undefined;
  refundId?: string | undefined;
  invoiceId?: string | undefined;
  ours: Record<string, unknown> | null;
  acquirer: Record<string, unknown> | null;
  /** The acquirer it is about, when it differs from the `provider` it is stored with. */
  provider?: string | undefined;
}

/**
 * Stores findings once: a finding already stored (by any run, on its kind and subject) is left as it is. `runId` says
 * who found it (a reconciliation run, or `webhook:<inbox id>`). Returns how many were new.
 */
export async function storeDiscrepancies(
  db: Pick<Database, 'insert'>,
  {
    provider,
    runId,
    at,
    items,
    log = logRecorded,
  }: { provider: string; runId: string; at: Date; items: DiscrepancyFinding[]; log?: RecordLog },
): Promise<number> {
  if (items.length === 0) return 0;
  const rows = items.map((d) => ({
    id: `dsc_${randomUUID()}`,
    kind: d.kind,
    provider: d.provider ?? provider,
    subject: d.providerTransactionId ?? d.paymentId ?? d.refundId ?? '',
    providerTransactionId: d.providerTransactionId ?? null,
    paymentId: d.paymentId ?? null,
    refundId: d.refundId ?? null,
    invoiceId: d.invoiceId ?? null,
    ours: d.ours,
    acquirer: d.acquirer,
    detectedAt: at,
    runId,
  }));
  const inserted = await db
    .insert(reconciliationDiscrepancies)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: reconciliationDiscrepancies.id });
  logFindings(
    rows.filter((row) => inserted.some((i) => i.id === row.id)),
    log,
  );
  return inserted.length;
}

/** One info line per new finding (from a reconciliation activity, or the webhook's logger): its kind and ids, not the two sides' raw records. */
function logFindings(rows: Array<typeof reconciliationDiscrepancies.$inferInsert>, log: RecordLog) {
  for (const row of rows) {
    log('reconciliation finding', {
      discrepancyId: row.id,
      kind: row.kind,
      acquirer: row.provider,
      paymentId: row.paymentId,
      refundId: row.refundId,
      invoiceId: row.invoiceId,
      providerTransactionId: row.providerTransactionId,
      runId: row.runId,
    });
  }
}
