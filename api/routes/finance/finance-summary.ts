// The numbers finance asks for, read from the database: each a small grouped query on an indexed range.
import { and, count, eq, gte, inArray, lt, sql, sum } from 'drizzle-orm';
import type { Database } from '../../../db/create-db.js';
import { invoices, payments, REFUND_STATUSES, refunds } from '../../../db/schema/index.js';
import { payingGroups, readLivePlanGroups } from '../../../observability/live-subscriptions.js';
import { monthlyRevenueByCurrency } from '../../../observability/monthly-revenue.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How far back the recovery rate and the refunds look, ending with the asked day. */
export const FINANCE_WINDOW_DAYS = 30;

/** The database, or a transaction of it: the summary only reads. */
type Reader = Pick<Database, 'select'>;

type Amounts = { currency: string; amount: number }[];

/** Sums per currency, sorted by currency code for a stable answer. */
function amountsOf(rows: { currency: string; amount: number }[]): Amounts {
  const sums = new Map<string, number>();
  for (const r of rows) sums.set(r.currency, (sums.get(r.currency) ?? 0) + r.amount);
  return [...sums].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount }));
}

const total = (rows: { count: number }[]) => rows.reduce((n, r) => n + r.count, 0);

/** How many, and how much per currency, of grouped rows. */
const tally = (rows: { count: number; currency: string; amount: number }[]) => ({
  count: total(rows),
  amounts: amountsOf(rows),
});

/** Renewal attempts made on [from, to): paid (succeeded) and declined, with what was paid per currency. */
async function readRenewals(db: Reader, from: Date, to: Date) {
  const rows = await db
    .select({
      status: payments.status,
      currency: payments.currency,
      count: count(),
      amount: sum(payments.amount).mapWith(Number),
    })
    .from(payments)
    .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
    .where(
      and(
        gte(payments.createdAt, from),
        lt(payments.createdAt, to),
        eq(invoices.kind, 'renewal'),
        inArray(payments.status, ['succeeded', 'declined']),
      ),
    )
    .groupBy(payments.status, payments.currency);
  const of = (status: string) => tally(rows.filter((r) => r.status === status));
  return { paid: of('succeeded'), declined: of('declined') };
}

/**
 * Renewal invoices whose first declined attempt fell in [from, to) entered dunning then; those paid since were
 * recovered, those still open are in dunning, the rest (uncollectible, void) were lost.
 */
async function readDunningRecovery(db: Reader, from: Date, to: Date) {
  const rows = await db
    .select({ status: invoices.status, count: sql<number>`count(distinct ${invoices.id})`.mapWith(Number) })
    .from(payments)
    .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
    .where(
      and(
        gte(payments.createdAt, from),
        lt(payments.createdAt, to),
        eq(payments.status, 'declined'),
        eq(invoices.kind, 'renewal'),
        sql`not exists (select 1 from ${payments} earlier where earlier.invoice_id = ${payments.invoiceId}
              and earlier.status = 'declined' and earlier.created_at < ${from.toISOString()}::timestamptz)`,
      ),
    )
    .groupBy(invoices.status);
  const entered = total(rows);
  const recovered = total(rows.filter((r) => r.status === 'paid'));
  const inDunning = total(rows.filter((r) => r.status === 'open'));
  const rate = entered === 0 ? null : recovered / entered;
  return { entered, recovered, inDunning, lost: entered - recovered - inDunning, rate };
}

/** Refunds requested in [from, to), by status: how many, and their amounts per currency. */
async function readRefundsByStatus(db: Reader, from: Date, to: Date) {
  const rows = await db
    .select({
      status: refunds.status,
      currency: refunds.currency,
      count: count(),
      amount: sum(refunds.amount).mapWith(Number),
    })
    .from(refunds)
    .where(and(gte(refunds.createdAt, from), lt(refunds.createdAt, to)))
    .groupBy(refunds.status, refunds.currency);
  return REFUND_STATUSES.map((status) => ({ status, ...tally(rows.filter((r) => r.status === status)) }));
}

/**
 * `day` is a UTC midnight: renewals are that day's; the windows end when it does. Pass a repeatable-read
 * transaction for numbers that agree with each other (the route does).
 */
export async function readFinanceSummary(db: Reader, day: Date) {
  const dayEnd = new Date(day.getTime() + DAY_MS);
  const windowStart = new Date(dayEnd.getTime() - FINANCE_WINDOW_DAYS * DAY_MS);
  const groups = await readLivePlanGroups(db);
  const mrr = monthlyRevenueByCurrency(payingGroups(groups));
  return {
    date: day.toISOString().slice(0, 10),
    window: { from: windowStart.toISOString(), to: dayEnd.toISOString() },
    liveSubscriptions: groups
      .map((g) => ({ planId: g.plan, status: g.status, count: g.subscriptions }))
      .sort((a, b) => a.planId.localeCompare(b.planId) || a.status.localeCompare(b.status)),
    monthlyRecurringRevenue: [...mrr]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, amount]) => ({ currency, amount })),
    renewals: await readRenewals(db, day, dayEnd),
    dunningRecovery: await readDunningRecovery(db, windowStart, dayEnd),
    refunds: await readRefundsByStatus(db, windowStart, dayEnd),
  };
}

export type FinanceSummary = Awaited<ReturnType<typeof readFinanceSummary>>;
