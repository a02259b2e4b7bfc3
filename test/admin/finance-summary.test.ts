// The finance summary over a real PostgreSQL database, rows inserted directly: each number, its day and its window.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFinanceSummary } from '../../api/routes/finance/finance-summary.js';
import { type DbHandle, openDb } from '../../db/create-db.js';
import { invoices, payments, plans, refunds, subscriptions } from '../../db/schema/index.js';
import { createFreshDatabase } from '../support/fresh-database.js';

const DAY = new Date('2026-12-03T00:00:00Z');
const HOUR = 3_600_000;
/** `days` days and `hours` hours after the start of DAY (negative: before). */
const at = (days: number, hours = 12) => new Date(DAY.getTime() + days * 24 * HOUR + hours * HOUR);

type SubscriptionStatus = (typeof subscriptions.$inferInsert)['status'];
type InvoiceRow = typeof invoices.$inferInsert;
type PaymentStatus = NonNullable<(typeof payments.$inferInsert)['status']>;

type Driver = DbHandle['driver'];
const opened: { database: DbHandle; drop: () => Promise<void> }[] = [];
/** An empty database: one of the run's PostgreSQL server, or an embedded PGlite in a temporary directory. */
async function freshDb(driver: Driver) {
  if (driver === 'pglite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'finance-summary-'));
    const database = await openDb({ dataDir });
    opened.push({ database, drop: () => rm(dataDir, { recursive: true, force: true }) });
    return database.db;
  }
  const fresh = await createFreshDatabase();
  const database = await openDb({ url: fresh.url, dataDir: '.', maxConnections: 2 });
  opened.push({ database, drop: fresh.drop });
  return database.db;
}

afterAll(async () => {
  for (const { database, drop } of opened) {
    await database.close();
    await drop();
  }
});

describe.each(['postgres', 'pglite'] as const)('finance summary on %s', (driver) => {
  let db: DbHandle['db'];

  beforeAll(async () => {
    db = await freshDb(driver);
    await db.insert(plans).values([
      { id: 'm-rub', name: 'Monthly', amount: 29_900, currency: 'RUB', periodUnit: 'month', periodCount: 1 },
      { id: 'y-usd', name: 'Yearly', amount: 12_000, currency: 'USD', periodUnit: 'year', periodCount: 1 },
    ]);
    const sub = (id: string, planId: string, status: SubscriptionStatus) => ({ id, userId: `u-${id}`, planId, status });
    await db
      .insert(subscriptions)
      .values([
        sub('s-active', 'm-rub', 'active'),
        sub('s-recovered', 'm-rub', 'active'),
        sub('s-past-due', 'm-rub', 'past_due'),
        sub('s-lost', 'm-rub', 'canceled'),
        sub('s-yearly', 'y-usd', 'active'),
        sub('s-pending', 'y-usd', 'pending_payment'),
        sub('s-expired', 'y-usd', 'expired'),
      ]);
    const invoice = (id: string, subscriptionId: string, kind: InvoiceRow['kind'], status: InvoiceRow['status']) => {
      const usd = subscriptionId === 's-yearly' || subscriptionId === 's-pending';
      // Distinct periods per subscription: the number in the id, if any, is the period's day.
      const periodStart = at(Number(id.replace(/\D/g, '')) || 0, 0);
      return {
        id,
        subscriptionId,
        kind,
        status,
        amount: usd ? 12_000 : 29_900,
        currency: usd ? 'USD' : 'RUB',
        periodStart,
        periodEnd: periodStart,
      };
    };
    await db.insert(invoices).values([
      invoice('inv-recovered', 's-recovered', 'renewal', 'paid'),
      invoice('inv-past-due', 's-past-due', 'renewal', 'open'),
      invoice('inv-lost', 's-lost', 'renewal', 'uncollectible'),
      // First declined 31 days before DAY: it entered dunning before the window, so it is not counted.
      invoice('inv-old-31', 's-active', 'renewal', 'paid'),
      invoice('inv-today-1', 's-active', 'renewal', 'paid'),
      invoice('inv-yearly', 's-yearly', 'renewal', 'open'),
      invoice('inv-initial', 's-yearly', 'initial', 'paid'),
      invoice('inv-checkout', 's-pending', 'initial', 'open'),
    ]);
    let attempt = 0;
    const pay = (id: string, invoiceId: string, status: PaymentStatus, createdAt: Date) => {
      const usd = invoiceId === 'inv-yearly' || invoiceId === 'inv-initial' || invoiceId === 'inv-checkout';
      const subscriptionId = {
        'inv-recovered': 's-recovered',
        'inv-past-due': 's-past-due',
        'inv-lost': 's-lost',
        'inv-old-31': 's-active',
        'inv-today-1': 's-active',
        'inv-yearly': 's-yearly',
        'inv-initial': 's-yearly',
        'inv-checkout': 's-pending',
      }[invoiceId] as string;
      attempt += 1;
      return {
        id,
        invoiceId,
        subscriptionId,
        userId: `u-${subscriptionId}`,
        attempt,
        idempotencyKey: id,
        provider: 'cloudpayments',
        amount: usd ? 12_000 : 29_900,
        currency: usd ? 'USD' : 'RUB',
        status,
        declineClass: status === 'declined' ? ('soft' as const) : null,
        createdAt,
      };
    };
    await db.insert(payments).values([
      pay('p-rec-1', 'inv-recovered', 'declined', at(-5)),
      pay('p-rec-2', 'inv-recovered', 'succeeded', at(0, 10)),
      pay('p-pd-1', 'inv-past-due', 'declined', at(-2)),
      pay('p-pd-2', 'inv-past-due', 'declined', at(0, 9)),
      pay('p-lost-1', 'inv-lost', 'declined', at(-20)),
      pay('p-lost-2', 'inv-lost', 'declined', at(-19)),
      pay('p-old-1', 'inv-old-31', 'declined', at(-31)),
      pay('p-old-2', 'inv-old-31', 'declined', at(-29)),
      pay('p-old-3', 'inv-old-31', 'succeeded', at(-28)),
      pay('p-today-1', 'inv-today-1', 'succeeded', at(0, 1)),
      // The last millisecond of DAY counts; the first of the next day does not.
      pay('p-y-1', 'inv-yearly', 'declined', new Date(at(1, 0).getTime() - 1)),
      pay('p-y-2', 'inv-yearly', 'declined', at(1, 0)),
      pay('p-y-3', 'inv-yearly', 'unknown', at(0, 15)),
      // Not renewals: a checkout paid today, another declined today.
      pay('p-initial', 'inv-initial', 'succeeded', at(0, 11)),
      pay('p-checkout', 'inv-checkout', 'declined', at(0, 11)),
    ]);
    const refund = (
      id: string,
      paymentId: string,
      status: (typeof refunds.$inferInsert)['status'],
      amount: number,
      createdAt: Date,
    ) => ({
      id,
      paymentId,
      amount,
      currency: paymentId === 'p-initial' ? 'USD' : 'RUB',
      status,
      reason: 'test',
      idempotencyKey: id,
      requestedBy: 'op-a',
      createdAt,
    });
    await db.insert(refunds).values([
      // Part of a payment refunded, the rest asked for and failed.
      refund('r-part', 'p-rec-2', 'succeeded', 10_000, at(-1)),
      refund('r-failed', 'p-rec-2', 'failed', 19_900, at(-1)),
      refund('r-waiting', 'p-today-1', 'awaiting_approval', 29_900, at(0, 12)),
      refund('r-usd', 'p-initial', 'succeeded', 500, at(-3)),
      // Before the window.
      refund('r-old', 'p-old-3', 'succeeded', 100, at(-40)),
    ]);
  });

  it('live subscriptions by plan and status, and MRR of active and past_due per currency', async () => {
    const summary = await readFinanceSummary(db, DAY);
    expect(summary.liveSubscriptions).toEqual([
      { planId: 'm-rub', status: 'active', count: 2 },
      { planId: 'm-rub', status: 'past_due', count: 1 },
      { planId: 'y-usd', status: 'active', count: 1 },
      { planId: 'y-usd', status: 'pending_payment', count: 1 },
    ]);
    // 3 × 29 900 a month; 12 000 a year is 1 000 a month; the pending checkout brings nothing yet.
    expect(summary.monthlyRecurringRevenue).toEqual([
      { currency: 'RUB', amount: 89_700 },
      { currency: 'USD', amount: 1_000 },
    ]);
  });

  it('renewals paid and declined on the day: other days, checkouts and unknown outcomes are not counted', async () => {
    const summary = await readFinanceSummary(db, DAY);
    expect(summary.date).toBe('2026-12-03');
    expect(summary.renewals).toEqual({
      paid: { count: 2, amounts: [{ currency: 'RUB', amount: 59_800 }] },
      declined: {
        count: 2,
        amounts: [
          { currency: 'RUB', amount: 29_900 },
          { currency: 'USD', amount: 12_000 },
        ],
      },
    });
    const twoDaysBefore = await readFinanceSummary(db, at(-2, 0));
    expect(twoDaysBefore.renewals).toEqual({
      paid: { count: 0, amounts: [] },
      declined: { count: 1, amounts: [{ currency: 'RUB', amount: 29_900 }] },
    });
  });

  it('dunning recovery over the 30 days ending with the day: recovered, still in dunning, lost', async () => {
    const summary = await readFinanceSummary(db, DAY);
    expect(summary.window).toEqual({ from: '2026-11-04T00:00:00.000Z', to: '2026-12-04T00:00:00.000Z' });
    // Entered: recovered, past-due, lost, yearly (its first decline is DAY's last millisecond). Not the one
    // first declined 31 days ago, though it was declined again inside the window.
    expect(summary.dunningRecovery).toEqual({ entered: 4, recovered: 1, inDunning: 2, lost: 1, rate: 0.25 });
    // Two days earlier the window holds the 31-day-old one (since recovered), and not yet the yearly one.
    const earlier = await readFinanceSummary(db, at(-2, 0));
    expect(earlier.dunningRecovery).toEqual({ entered: 4, recovered: 2, inDunning: 1, lost: 1, rate: 0.5 });
  });

  it('refunds requested in the window by status, with amounts per currency (a partial refund counts its own amount)', async () => {
    const summary = await readFinanceSummary(db, DAY);
    expect(summary.refunds).toEqual([
      { status: 'pending', count: 0, amounts: [] },
      { status: 'awaiting_approval', count: 1, amounts: [{ currency: 'RUB', amount: 29_900 }] },
      {
        status: 'succeeded',
        count: 2,
        amounts: [
          { currency: 'RUB', amount: 10_000 },
          { currency: 'USD', amount: 500 },
        ],
      },
      { status: 'failed', count: 1, amounts: [{ currency: 'RUB', amount: 19_900 }] },
      { status: 'rejected', count: 0, amounts: [] },
    ]);
  });
});

describe.each(['postgres', 'pglite'] as const)('finance summary of an empty %s database', (driver) => {
  it('has no live subscriptions, no revenue, zero counts and no recovery rate', async () => {
    const summary = await readFinanceSummary(await freshDb(driver), DAY);
    expect(summary).toEqual({
      date: '2026-12-03',
      window: { from: '2026-11-04T00:00:00.000Z', to: '2026-12-04T00:00:00.000Z' },
      liveSubscriptions: [],
      monthlyRecurringRevenue: [],
      renewals: { paid: { count: 0, amounts: [] }, declined: { count: 0, amounts: [] } },
      dunningRecovery: { entered: 0, recovered: 0, inDunning: 0, lost: 0, rate: null },
      refunds: ['pending', 'awaiting_approval', 'succeeded', 'failed', 'rejected'].map((status) => ({
        status,
        count: 0,
        amounts: [],
      })),
    });
  });
});
