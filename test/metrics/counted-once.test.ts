// The worker's business counters count a change once, when it commits: the activities that make the change are run
// twice here, as Temporal's retries would run them, over a real PostgreSQL database.
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRefundCorrectionActivities } from '../../activities/refund-corrections.js';
import { createRefundRecordActivities } from '../../activities/refund-records.js';
import { createSubscriptionRecordActivities, type SyncInput } from '../../activities/subscription-records.js';
import { type DbHandle, openDb } from '../../db/create-db.js';
import { invoices, payments, plans, subscriptions } from '../../db/schema/index.js';
import type { SubscriptionStatus } from '../../db/schema/statuses.js';
import { newSubscriptionState } from '../../domain/subscription/restore.js';
import { type BusinessMetrics, createBusinessMetrics } from '../../observability/business-metrics.js';
import { createFreshDatabase } from '../support/fresh-database.js';
import { sampleValue } from '../support/prometheus-text.js';

let database: DbHandle;
let drop: () => Promise<void>;
let registry: Registry;
let metrics: BusinessMetrics;
const now = () => new Date('2026-12-03T12:00:00Z');
const value = async (name: string, labels: Record<string, string> = {}) =>
  sampleValue(await registry.metrics(), name, labels) ?? 0;

beforeAll(async () => {
  const fresh = await createFreshDatabase();
  drop = fresh.drop;
  database = await openDb({ url: fresh.url, dataDir: '.', maxConnections: 2 });
  const { db } = database;
  await db
    .insert(plans)
    .values({ id: 'p', name: 'p', amount: 1000, currency: 'RUB', periodUnit: 'month', periodCount: 1 });
  await db.insert(subscriptions).values({ id: 's', userId: 'u', planId: 'p', status: 'active' });
  const invoice = (id: string, kind: 'initial' | 'renewal') => ({
    id,
    subscriptionId: 's',
    kind,
    amount: 1000,
    currency: 'RUB',
    periodStart: now(),
    periodEnd: now(),
  });
  await db.insert(invoices).values([invoice('inv0', 'initial'), invoice('inv1', 'renewal')]);
  const payment = (id: string, invoiceId: string, attempt: number, status: 'succeeded' | 'declined') => ({
    id,
    invoiceId,
    subscriptionId: 's',
    userId: 'u',
    attempt,
    idempotencyKey: id,
    provider: 'cloudpayments',
    providerTransactionId: `tx-${id}`,
    amount: 1000,
    currency: 'RUB',
    status,
    declineClass: status === 'declined' ? ('soft' as const) : null,
  });
  await db.insert(payments).values([payment('pay0', 'inv0', 1, 'succeeded'), payment('pay1', 'inv1', 1, 'declined')]);
});

afterAll(async () => {
  await database?.close();
  await drop?.();
});

const plan = {
  id: 'p',
  amount: 1000,
  currency: 'RUB',
  period: { unit: 'month' as const, count: 1 },
  role: 'subscriber',
  dunningScheduleSeconds: [],
};
/** The new subscription the API starts, at `status`: only the fields the sync writes matter here. */
const state = (status: SubscriptionStatus, dunning: { invoiceId: string } | null = null): SyncInput['state'] => ({
  ...newSubscriptionState('s', 'u', plan),
  status,
  dunning,
});

describe('counted once, after the change commits', () => {
  beforeAll(() => {
    registry = new Registry();
    metrics = createBusinessMetrics(registry);
  });

  it('a declined renewal, then its recovery: each sync counted once though each ran twice', async () => {
    const { syncSubscription } = createSubscriptionRecordActivities({ db: database.db, now, metrics });
    const declined: SyncInput = {
      state: state('past_due', { invoiceId: 'inv1' }),
      transition: 5,
      events: ['payment.failed', 'subscription.past_due'],
    };
    await syncSubscription(declined);
    await syncSubscription(declined);
    expect(await value('billing_charges_total', { outcome: 'declined', decline_class: 'soft' })).toBe(1);
    expect(await value('billing_dunning_entered_total')).toBe(1);

    const recovered: SyncInput = {
      state: state('active'),
      transition: 6,
      events: ['subscription.renewed', 'payment.succeeded'],
      invoice: { id: 'inv0', status: 'paid' },
    };
    await syncSubscription(recovered);
    await syncSubscription(recovered);
    expect(await value('billing_charges_total', { outcome: 'succeeded', decline_class: 'none' })).toBe(1);
    expect(await value('billing_dunning_exited_total', { to_status: 'active' })).toBe(1);
    expect(await value('billing_dunning_recovered_total')).toBe(1);
    // A late retry of the older sync changes nothing and counts nothing.
    await syncSubscription(declined);
    expect(await value('billing_dunning_entered_total')).toBe(1);
  });

  it('a refund above the threshold: requested, approved, settled, each counted once though each ran twice', async () => {
    const refunds = createRefundRecordActivities({ db: database.db, now, metrics });
    const request = {
      refundId: 'ref1',
      paymentId: 'pay0',
      amount: 500,
      reason: 'test',
      requestedBy: 'operator-a',
      approvalThreshold: 100,
      approvalTimeoutMs: 60_000,
    };
    expect((await refunds.reserveRefund(request)).status).toBe('awaiting_approval');
    await refunds.reserveRefund(request);
    expect(await value('billing_refunds_total', { status: 'awaiting_approval' })).toBe(1);

    const decision = { refundId: 'ref1', decision: { approved: true, actor: 'operator-b' } };
    expect((await refunds.decideRefund(decision)).status).toBe('pending');
    await refunds.decideRefund(decision);
    expect(await value('billing_refunds_total', { status: 'pending' })).toBe(1);

    const fact = { refundId: 'ref1', fact: { outcome: 'succeeded' as const, providerTransactionId: 'tx-ref1' } };
    expect((await refunds.settleRefund(fact)).view.status).toBe('succeeded');
    await refunds.settleRefund(fact);
    expect(await value('billing_refunds_total', { status: 'succeeded' })).toBe(1);
  });

  it('a failed refund the acquirer did make, corrected by reconciliation: counted once though applied twice', async () => {
    const refunds = createRefundRecordActivities({ db: database.db, now, metrics });
    const request = { refundId: 'ref2', paymentId: 'pay0', amount: 200, reason: 'test', requestedBy: 'operator-a' };
    await refunds.reserveRefund({ ...request, approvalThreshold: 1000, approvalTimeoutMs: 60_000 });
    const declined = { outcome: 'declined' as const, reason: 'acquirer said no' };
    expect((await refunds.settleRefund({ refundId: 'ref2', fact: declined })).view.status).toBe('failed');
    const succeededBefore = await value('billing_refunds_total', { status: 'succeeded' });

    const { applyAcquirerRefund } = createRefundCorrectionActivities({ db: database.db, now, metrics });
    const fact = { outcome: 'succeeded' as const, providerTransactionId: 'tx-ref2' };
    const input = { refundId: 'ref2', fact, actor: 'system:reconciliation' };
    expect((await applyAcquirerRefund(input)).outcome).toBe('corrected');
    expect((await applyAcquirerRefund(input)).outcome).toBe('unchanged');
    expect(await value('billing_refunds_total', { status: 'succeeded' })).toBe(succeededBefore + 1);
  });
});
