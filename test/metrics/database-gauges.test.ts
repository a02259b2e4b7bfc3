// The scrape-time gauges over a real PostgreSQL database: what each one reads, and that a scrape is bounded in time.
import { sql } from 'drizzle-orm';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDb } from '../../db/create-db.js';
import {
  eventOutbox,
  invoices,
  payments,
  plans,
  reconciliationDiscrepancies,
  refunds,
  subscriptions,
} from '../../db/schema/index.js';
import { createDatabaseGauges } from '../../observability/database-gauges.js';
import { monthlyAmount } from '../../observability/monthly-revenue.js';
import { createFreshDatabase } from '../support/fresh-database.js';
import { sampleValue } from '../support/prometheus-text.js';

let database: DbHandle;
let drop: () => Promise<void>;
const now = new Date('2026-12-03T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

beforeAll(async () => {
  const fresh = await createFreshDatabase();
  drop = fresh.drop;
  database = await openDb({ url: fresh.url, dataDir: '.', maxConnections: 2 });
  const { db } = database;
  const plan = (id: string, amount: number, currency: string, periodUnit: 'month' | 'year', periodCount = 1) => ({
    id,
    name: id,
    amount,
    currency,
    periodUnit,
    periodCount,
  });
  await db
    .insert(plans)
    .values([
      plan('m-rub', 29_900, 'RUB', 'month'),
      plan('y-rub', 120_000, 'RUB', 'year'),
      plan('m-usd', 999, 'USD', 'month'),
    ]);
  const sub = (id: string, planId: string, status: (typeof subscriptions.$inferInsert)['status']) => ({
    id,
    userId: `user-${id}`,
    planId,
    status,
  });
  await db
    .insert(subscriptions)
    .values([
      sub('s1', 'm-rub', 'active'),
      sub('s2', 'm-rub', 'active'),
      sub('s3', 'm-rub', 'past_due'),
      sub('s4', 'y-rub', 'active'),
      sub('s5', 'm-usd', 'pending_payment'),
      sub('s6', 'm-usd', 'canceled'),
      sub('s7', 'm-usd', 'expired'),
    ]);
  await db.insert(eventOutbox).values([
    { id: 'e1', type: 'subscription.activated', data: {}, createdAt: minutesAgo(30) },
    { id: 'e2', type: 'subscription.renewed', data: {}, createdAt: minutesAgo(5) },
    { id: 'e3', type: 'subscription.renewed', data: {}, createdAt: minutesAgo(90), deliveredAt: minutesAgo(89) },
  ]);
  const finding = (id: string, kind: 'duplicate_charge' | 'status_mismatch', resolved: boolean) => ({
    id,
    kind,
    provider: 'cloudpayments',
    subject: id,
    runId: 'run-1',
    resolved,
  });
  await db
    .insert(reconciliationDiscrepancies)
    .values([
      finding('d1', 'duplicate_charge', false),
      finding('d2', 'status_mismatch', false),
      finding('d3', 'status_mismatch', true),
    ]);
  await db.insert(invoices).values({
    id: 'inv1',
    subscriptionId: 's1',
    kind: 'initial',
    amount: 29_900,
    currency: 'RUB',
    periodStart: minutesAgo(600),
    periodEnd: now,
  });
  const payment = (id: string, attempt: number, status: 'succeeded' | 'unknown', updatedAt: Date) => ({
    id,
    invoiceId: 'inv1',
    subscriptionId: 's1',
    userId: 'user-s1',
    attempt,
    idempotencyKey: id,
    provider: 'cloudpayments',
    amount: 29_900,
    currency: 'RUB',
    status,
    updatedAt,
  });
  await db
    .insert(payments)
    .values([
      payment('p1', 1, 'succeeded', minutesAgo(500)),
      payment('p2', 2, 'unknown', minutesAgo(45)),
      payment('p3', 3, 'unknown', minutesAgo(10)),
    ]);
  const refund = (id: string, status: 'awaiting_approval' | 'succeeded') => ({
    id,
    paymentId: 'p1',
    amount: 100,
    currency: 'RUB',
    status,
    reason: 'test',
    idempotencyKey: id,
    requestedBy: 'admin-a',
  });
  await db.insert(refunds).values([refund('r1', 'awaiting_approval'), refund('r2', 'succeeded')]);
});

afterAll(async () => {
  await database?.close();
  await drop?.();
});

describe('database gauges (read at scrape time)', () => {
  it('live subscriptions by plan and status, MRR of active and past_due, outbox, findings, approvals, unknown payments', async () => {
    const registry = new Registry();
    await createDatabaseGauges(registry, database.db, { now: () => now }).refresh();
    const text = await registry.metrics();
    const value = (name: string, labels: Record<string, string> = {}) => sampleValue(text, name, labels);

    expect(value('billing_subscriptions_live', { plan: 'm-rub', status: 'active' })).toBe(2);
    expect(value('billing_subscriptions_live', { plan: 'm-rub', status: 'past_due' })).toBe(1);
    expect(value('billing_subscriptions_live', { plan: 'm-usd', status: 'pending_payment' })).toBe(1);
    // Ended subscriptions are not live: no series for them.
    expect(value('billing_subscriptions_live', { status: 'canceled' })).toBeUndefined();
    expect(value('billing_subscriptions_live')).toBe(5);

    // 3 × 29 900 a month + 120 000 a year (10 000 a month); the pending USD checkout brings nothing yet.
    expect(value('billing_mrr_minor_units', { currency: 'RUB' })).toBe(3 * 29_900 + 10_000);
    expect(value('billing_mrr_minor_units', { currency: 'USD' })).toBeUndefined();
    expect(monthlyAmount(120_000, { unit: 'year', count: 1 })).toBe(10_000);

    expect(value('billing_outbox_undelivered_events')).toBe(2);
    expect(value('billing_outbox_oldest_undelivered_age_seconds')).toBe(30 * 60);
    expect(value('billing_discrepancies_open', { kind: 'duplicate_charge' })).toBe(1);
    expect(value('billing_discrepancies_open', { kind: 'status_mismatch' })).toBe(1);
    // Every kind has a series, so an alert on one is not silent for lack of data.
    expect(value('billing_discrepancies_open', { kind: 'missing_local_payment' })).toBe(0);
    expect(value('billing_refunds_awaiting_approval')).toBe(1);
    expect(value('billing_payments_unknown')).toBe(2);
    expect(value('billing_payments_unknown_oldest_age_seconds')).toBe(45 * 60);
    expect(value('billing_database_metrics_up')).toBe(1);
  });

  it('a subscription that ends drops out of the next scrape (series are rebuilt each time)', async () => {
    const registry = new Registry();
    const gauges = createDatabaseGauges(registry, database.db, { now: () => now });
    await gauges.refresh();
    await database.db.execute(sql`update subscriptions set status = 'canceled' where id = 's5'`);
    await gauges.refresh();
    const text = await registry.metrics();
    expect(sampleValue(text, 'billing_subscriptions_live', { plan: 'm-usd' })).toBeUndefined();
    await database.db.execute(sql`update subscriptions set status = 'pending_payment' where id = 's5'`);
  });

  it('a scrape that outlasts its time limit is cut by PostgreSQL and reported as billing_database_metrics_up 0', async () => {
    const registry = new Registry();
    const gauges = createDatabaseGauges(registry, database.db, { now: () => now, timeoutMs: 200 });
    await gauges.refresh();
    // A lock held elsewhere makes the scrape's first read wait: the statement timeout ends it, not the caller.
    const started = Date.now();
    const blocked = database.db.transaction(async (tx) => {
      await tx.execute(sql`lock table subscriptions in access exclusive mode`);
      const error = await gauges.refresh().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(String(error?.cause)).toMatch(/statement timeout/);
    });
    await blocked;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(sampleValue(await registry.metrics(), 'billing_database_metrics_up')).toBe(0);
  });
});
