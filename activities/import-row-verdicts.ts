// How each open row of a batch is judged: imported before, reported with its error, or to be imported now.
import { createHash } from 'node:crypto';
import { and, eq, gte, inArray, lt, min } from 'drizzle-orm';
import { plans, subscriptionImportRows, subscriptions } from '../db/schema/index.js';
import { LIVE_SUBSCRIPTION_STATUSES } from '../db/schema/statuses.js';
import type { TokenSeal } from '../db/token-seal.js';
import { checkImportRow, type ImportRowError } from '../domain/subscription/import-row-check.js';
import type { Tx } from './subscription-rows.js';

export type ImportRow = typeof subscriptionImportRows.$inferSelect;
export type Verdict = { row: ImportRow } & (
  | { kind: 'import' }
  | { kind: 'already_imported' }
  | { kind: 'failed'; error: ImportRowError }
);

/** The old billing's id names the subscription, so a row sent again (or by two jobs at once) is the same one. */
export const importedSubscriptionId = (externalId: string) =>
  `sub_imp_${createHash('sha256').update(externalId).digest('hex').slice(0, 24)}`;

export interface BatchContext {
  now: Date;
  seal: TokenSeal;
  acquirerCurrencies: ReadonlyMap<string, readonly string[]>;
}

export const batchRange = (jobId: string, offset: number, limit: number) =>
  and(
    eq(subscriptionImportRows.jobId, jobId),
    gte(subscriptionImportRows.rowIndex, offset),
    lt(subscriptionImportRows.rowIndex, offset + limit),
  );

export const openToken = (seal: TokenSeal, sealed: string | null) => {
  try {
    return sealed === null ? null : seal.open(sealed);
  } catch {
    return null;
  }
};

export async function judgeRows(tx: Tx, jobId: string, open: ImportRow[], ctx: BatchContext): Promise<Verdict[]> {
  const externalIds = open.map((r) => r.externalId);
  const firstRows = await tx
    .select({ externalId: subscriptionImportRows.externalId, first: min(subscriptionImportRows.rowIndex) })
    .from(subscriptionImportRows)
    .where(and(eq(subscriptionImportRows.jobId, jobId), inArray(subscriptionImportRows.externalId, externalIds)))
    .groupBy(subscriptionImportRows.externalId);
  const firstIndex = new Map(firstRows.map((r) => [r.externalId, r.first]));
  const imported = await tx
    .select({ externalId: subscriptionImportRows.externalId })
    .from(subscriptionImportRows)
    .where(
      and(eq(subscriptionImportRows.outcome, 'imported'), inArray(subscriptionImportRows.externalId, externalIds)),
    );
  const importedBefore = new Set(imported.map((r) => r.externalId));
  const planRows = await tx
    .select({ id: plans.id, currency: plans.currency })
    .from(plans)
    .where(inArray(plans.id, [...new Set(open.map((r) => r.planId))]));
  const live = await tx
    .select({ userId: subscriptions.userId })
    .from(subscriptions)
    .where(
      and(
        inArray(subscriptions.userId, [...new Set(open.map((r) => r.userId))]),
        inArray(subscriptions.status, [...LIVE_SUBSCRIPTION_STATUSES]),
      ),
    );
  const usersWithLiveSubscription = new Set(live.map((r) => r.userId));
  const planCurrencies = new Map(planRows.map((p) => [p.id, p.currency]));
  return open.map((row): Verdict => {
    const repeatsEarlierRow = (firstIndex.get(row.externalId) ?? row.rowIndex) < row.rowIndex;
    if (!repeatsEarlierRow && importedBefore.has(row.externalId)) return { row, kind: 'already_imported' };
    const cardToken = openToken(ctx.seal, row.sealedCardToken);
    const facts = { ...row, cardToken, repeatsEarlierRow };
    const error = checkImportRow(facts, { ...ctx, planCurrencies, usersWithLiveSubscription });
    if (error) return { row, kind: 'failed', error };
    usersWithLiveSubscription.add(row.userId);
    return { row, kind: 'import' };
  });
}
