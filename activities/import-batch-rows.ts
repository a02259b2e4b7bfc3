// One batch of an import job, judged and written in one transaction: each open row becomes a subscription (with its
// saved card and receipt contact), is found imported before, or is reported with its error code.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  eventOutbox,
  paymentMethods,
  plans,
  subscriptionContacts,
  subscriptionImportJobs,
  subscriptionImportRows,
  subscriptions,
} from '../db/schema/index.js';
import { type Period, periodStartBefore } from '../domain/periods.js';
import {
  type BatchContext,
  type ImportRow,
  importedSubscriptionId,
  judgeRows,
  openToken,
} from './import-row-verdicts.js';
import { importedEvents } from './imported-events.js';
import type { Tx } from './subscription-rows.js';

// Every row's plan was found when it was judged; a month only satisfies the types.
const MONTH: Period = { unit: 'month', count: 1 };

const expDate = (card: ImportRow['card']) =>
  card?.expMonth && card.expYear
    ? `${String(card.expMonth).padStart(2, '0')}/${String(card.expYear % 100).padStart(2, '0')}`
    : null;

/** Writes the new subscriptions; a row whose subscription another job wrote meanwhile is imported already. */
async function writeSubscriptions(tx: Tx, rows: ImportRow[], ctx: BatchContext): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const planOf = new Map(
    (
      await tx
        .select()
        .from(plans)
        .where(inArray(plans.id, [...new Set(rows.map((r) => r.planId))]))
    ).map((p) => [p.id, { period: { unit: p.periodUnit, count: p.periodCount }, role: p.role }]),
  );
  const written = await tx
    .insert(subscriptions)
    .values(
      rows.map((r) => {
        const period = planOf.get(r.planId)?.period ?? MONTH;
        return {
          id: importedSubscriptionId(r.externalId),
          userId: r.userId,
          planId: r.planId,
          status: 'active' as const,
          currentPeriodStart: periodStartBefore(r.currentPeriodEnd, period),
          currentPeriodEnd: r.currentPeriodEnd,
          nextChargeAt: r.currentPeriodEnd,
        };
      }),
    )
    .onConflictDoNothing({ target: subscriptions.id })
    .returning({ id: subscriptions.id });
  const created = new Set(written.map((w) => w.id));
  const fresh = rows.filter((r) => created.has(importedSubscriptionId(r.externalId)));
  if (fresh.length === 0) return created;
  await tx.insert(paymentMethods).values(
    fresh.map((r) => ({
      id: `pm_${importedSubscriptionId(r.externalId)}`,
      subscriptionId: importedSubscriptionId(r.externalId),
      provider: r.acquirer,
      token: openToken(ctx.seal, r.sealedCardToken) ?? '',
      cardLastFour: r.card?.last4 ?? null,
      cardType: r.card?.brand ?? null,
      cardExpDate: expDate(r.card),
    })),
  );
  await tx
    .insert(eventOutbox)
    .values(fresh.flatMap((r) => importedEvents(r, planOf.get(r.planId) ?? { period: MONTH, role: null }, ctx.now)))
    .onConflictDoNothing({ target: eventOutbox.id });
  const contacts = fresh.filter((r) => r.email !== null || r.phone !== null);
  if (contacts.length > 0) {
    const values = contacts.map((r) => ({
      subscriptionId: importedSubscriptionId(r.externalId),
      email: r.email,
      phone: r.phone,
    }));
    await tx.insert(subscriptionContacts).values(values).onConflictDoNothing();
  }
  return created;
}

/** Judges and writes the batch's open rows, their outcomes and the job's counters, all or nothing. */
export async function importOpenRows(tx: Tx, jobId: string, open: ImportRow[], ctx: BatchContext) {
  const verdicts = await judgeRows(tx, jobId, open, ctx);
  const toImport = verdicts.flatMap((v) => (v.kind === 'import' ? [v.row] : []));
  const created = await writeSubscriptions(tx, toImport, ctx);
  const counts = { imported: 0, alreadyImported: 0, failed: 0 };
  for (const v of verdicts) {
    const subscriptionId = importedSubscriptionId(v.row.externalId);
    const outcome =
      v.kind === 'failed'
        ? 'failed'
        : v.kind === 'import' && created.has(subscriptionId)
          ? 'imported'
          : 'already_imported';
    counts[outcome === 'already_imported' ? 'alreadyImported' : outcome] += 1;
    const error = v.kind === 'failed' ? v.error : undefined;
    await tx
      .update(subscriptionImportRows)
      .set({
        outcome,
        subscriptionId: outcome === 'failed' ? null : subscriptionId,
        errorCode: error?.code ?? null,
        errorMessage: error?.message ?? null,
        sealedCardToken: null,
        updatedAt: ctx.now,
      })
      .where(
        and(
          eq(subscriptionImportRows.jobId, jobId),
          eq(subscriptionImportRows.rowIndex, v.row.rowIndex),
          isNull(subscriptionImportRows.outcome),
        ),
      );
  }
  await tx
    .update(subscriptionImportJobs)
    .set({
      imported: sql`${subscriptionImportJobs.imported} + ${counts.imported}`,
      alreadyImported: sql`${subscriptionImportJobs.alreadyImported} + ${counts.alreadyImported}`,
      failed: sql`${subscriptionImportJobs.failed} + ${counts.failed}`,
      updatedAt: ctx.now,
    })
    .where(eq(subscriptionImportJobs.id, jobId));
}
