// An import job as the API stores and shows it; the rows wait for the import workflow, their card tokens sealed.
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../../db/create-db.js';
import { subscriptionImportJobs, subscriptionImportRows } from '../../../db/schema/index.js';
import type { TokenSeal } from '../../../db/token-seal.js';
import { phoneDigits } from '../../../domain/customer-contact.js';
import { NotFoundError } from '../../../domain/errors.js';
import type { ImportRequest } from './import-schemas.js';

const INSERT_CHUNK = 1000;

export const newImportJobId = () => `imp_${randomUUID().replace(/-/g, '').slice(0, 24)}`;

/** The card as the row gives it: `cardLastFour` (the contract's field) beside whatever else of the card it kept. */
function importedCard(row: ImportRequest['items'][number]) {
  if (!row.cardLastFour) return row.card ?? null;
  return { ...row.card, last4: row.cardLastFour };
}

export async function storeImportJob(
  db: Database,
  job: { id: string; requestedBy: string; defaultAcquirer: string; seal: TokenSeal },
  items: ImportRequest['items'],
) {
  const rows = items.map((s, rowIndex) => ({
    jobId: job.id,
    rowIndex,
    externalId: s.externalId,
    userId: s.userId,
    planId: s.planId,
    currentPeriodEnd: new Date(s.currentPeriodEnd),
    acquirer: s.acquirer ?? job.defaultAcquirer,
    sealedCardToken: job.seal.seal(s.cardToken),
    card: importedCard(s),
    email: s.customer?.email ?? null,
    phone: s.customer?.phone ? phoneDigits(s.customer.phone) : null,
  }));
  await db.transaction(async (tx) => {
    await tx.insert(subscriptionImportJobs).values({ id: job.id, requestedBy: job.requestedBy, total: rows.length });
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await tx.insert(subscriptionImportRows).values(rows.slice(i, i + INSERT_CHUNK));
    }
  });
}

/** Undoes a job whose workflow could not be started, so nothing is left half-done. */
export async function dropImportJob(db: Database, id: string) {
  await db.transaction(async (tx) => {
    await tx.delete(subscriptionImportRows).where(eq(subscriptionImportRows.jobId, id));
    await tx.delete(subscriptionImportJobs).where(eq(subscriptionImportJobs.id, id));
  });
}

export async function readImportJob(db: Database, id: string) {
  const [job] = await db.select().from(subscriptionImportJobs).where(eq(subscriptionImportJobs.id, id));
  if (!job) throw new NotFoundError('import', id);
  const failed = await db
    .select({
      row: subscriptionImportRows.rowIndex,
      externalId: subscriptionImportRows.externalId,
      code: subscriptionImportRows.errorCode,
      message: subscriptionImportRows.errorMessage,
    })
    .from(subscriptionImportRows)
    .where(and(eq(subscriptionImportRows.jobId, id), eq(subscriptionImportRows.outcome, 'failed')))
    .orderBy(asc(subscriptionImportRows.rowIndex));
  return {
    id: job.id,
    status: job.status,
    total: job.total,
    imported: job.imported,
    alreadyImported: job.alreadyImported,
    failed: job.failed,
    errors: failed.map((e) => ({ ...e, code: e.code ?? 'unknown', message: e.message ?? '' })),
    createdAt: job.createdAt.toISOString(),
    completedAt: job.completedAt?.toISOString() ?? null,
  };
}
