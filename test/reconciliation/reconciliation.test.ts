import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, payments } from '../../db/schema/index.js';
import { ensureReconciliationSchedule } from '../../worker/reconciliation-schedule.js';
import { reconciliationScheduleId } from '../../workflows/workflow-ids.js';
import { activeSubscription, billingClient, CARDS, type Json, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';
import { invariantsOfEachTest } from '../support/invariants.js';

describe('reconciliation against the sandbox acquirer', () => {
  let h: Harness;
  const checkInvariants = invariantsOfEachTest(() => h);
  let api: ReturnType<typeof billingClient>;
  beforeAll(async () => {
    h = await startHarness(
      {
        // The checkout's own deadline lookup must not be what settles a payment here, nor a scheduled run.
        CHECKOUT_TTL_SECONDS: '3600',
        RECONCILIATION_INTERVAL_SECONDS: '86400',
        RECONCILIATION_STALE_AFTER_SECONDS: '1',
      },
      // Lost answers are given up on sooner: a checkout charge left unknown takes three timeouts (18 s at 5 s each).
      { acquirerTimeoutMs: 2000 },
    );
    api = billingClient(h);
  });
  afterEach(async () => {
    await api?.sandbox('/faults', {}).catch(() => {});
    await checkInvariants();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Starts a run through the admin API and waits for the workflow to finish; returns its summary. */
  const run = async (): Promise<Json> => {
    const res = await api.call('POST', '/v1/admin/reconciliation/run', 'admin-ops');
    expect(res.status).toBe(202);
    return h.client.workflow.getHandle(res.body.workflowId).result();
  };
  const paymentsOf = (invoiceId: string) =>
    h.database.db.select().from(payments).where(eq(payments.invoiceId, invoiceId));
  const payNotifications = async (invoiceId: string) =>
    ((await api.sandbox('/notifications')).items as Json[]).filter(
      (n) => n.kind === 'pay' && n.body.includes(encodeURIComponent(invoiceId)),
    );

  it('a hosted-page payment whose pay notification was dropped is settled by a run: subscription active, one payment row', async () => {
    await api.sandbox('/faults', { dropNotificationRate: 1 });
    const user = `user-dropped-${randomUUID()}`;
    const created = await api.subscribe(user, { planId: 'monthly' });
    expect(created.status).toBe(201);
    const { invoiceId, paymentUrl } = created.body.checkout;
    await api.payLink(paymentUrl, CARDS.success);
    const [tx] = await until('the ledger to hold the payment', async () => {
      const found = (await api.ledger(invoiceId)).filter((t: Json) => t.Status === 'Completed');
      return found.length > 0 ? found : undefined;
    });
    await until('the pay notification to have been dropped', async () =>
      (await payNotifications(invoiceId)).some((n) => n.attempts.length > 0) ? true : undefined,
    );
    expect((await api.subscription(user, created.body.subscription.id)).status).toBe('pending_payment');

    const summary = await run();
    expect(summary.signalledPayments).toBeGreaterThanOrEqual(1);
    await api.waitForStatus(user, created.body.subscription.id, 'active');
    // Activation came from the run: the acquirer's notification never got through.
    expect((await payNotifications(invoiceId)).every((n) => !n.delivered)).toBe(true);
    const rows = await paymentsOf(invoiceId);
    expect(rows.map((r) => [r.status, r.providerTransactionId])).toEqual([['succeeded', String(tx.TransactionId)]]);
  }, 60_000);

  it('a card payment left unknown by acquirer timeouts is settled succeeded by a run and activates its subscription', async () => {
    await api.sandbox('/faults', { timeoutRate: 1, dropNotificationRate: 1 });
    const user = `user-unknown-${randomUUID()}`;
    const cryptogram = await api.cryptogram(CARDS.success);
    const created = await api.subscribe(user, {
      planId: 'monthly',
      payment: { method: 'card_cryptogram', cryptogram, ipAddress: '10.0.0.1' },
    });
    expect(created.status).toBe(201);
    const { invoiceId } = created.body.checkout;
    const [row] = await paymentsOf(invoiceId);
    expect(row?.status).toBe('unknown');
    await api.sandbox('/faults', { dropNotificationRate: 1 });

    const summary = await run();
    expect(summary.settledPayments).toBeGreaterThanOrEqual(1);
    const [tx] = (await api.ledger(invoiceId)).filter((t: Json) => t.Status === 'Completed');
    const rows = await paymentsOf(invoiceId);
    expect(rows.map((r) => [r.id, r.status, r.providerTransactionId])).toEqual([
      [row?.id, 'succeeded', String(tx.TransactionId)],
    ]);
    await api.waitForStatus(user, created.body.subscription.id, 'active');
  }, 90_000);

  it('a refund made at the acquirer outside billing is listed once as missing_local_refund after two runs', async () => {
    const user = `user-refunded-${randomUUID()}`;
    const sub = await activeSubscription(h, user, 'monthly');
    const [paid] = await paymentsOf(`inv_${sub.id}_0`);
    // An operator refunds in the acquirer's own back office: the ledger has it, our books do not.
    const auth = Buffer.from(`${h.config.sandbox.publicId}:${h.config.sandbox.apiSecret}`).toString('base64');
    const refund = await fetch(`${h.sandboxUrl}/payments/refund`, {
      method: 'POST',
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
      body: JSON.stringify({ TransactionId: Number(paid?.providerTransactionId), Amount: 1 }),
    });
    const refundTransactionId = String((await body(refund)).Model.TransactionId);

    const first = await run();
    const second = await run();
    expect([first.discrepanciesNew, second.discrepanciesNew]).toEqual([1, 0]);
    const listed = await api.call(
      'GET',
      '/v1/admin/reconciliation/discrepancies?kind=missing_local_refund',
      'admin-ops',
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({
      kind: 'missing_local_refund',
      providerTransactionId: refundTransactionId,
      runId: first.runId,
      resolved: false,
      ours: null,
      acquirer: { kind: 'refund', amount: 100, currency: 'RUB', paymentTransactionId: paid?.providerTransactionId },
    });
    // Every payment of this file (settled by notification or by the runs above) agrees with the acquirer.
    const all = (await api.call('GET', '/v1/admin/reconciliation/discrepancies?resolved=false', 'admin-ops')).body;
    expect(all.items.map((d: Json) => d.providerTransactionId)).toEqual([refundTransactionId]);
    const audited = await h.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, first.runId), eq(auditLog.actor, 'system:reconciliation')));
    expect(audited.map((a) => a.after)).toEqual([expect.objectContaining({ discrepanciesNew: 1 })]);

    // The operator settles it by hand and says so: resolved once, audited with who and why.
    const id = listed.body.items[0].id;
    const resolve = (reason: string) =>
      api.call('POST', `/v1/admin/reconciliation/discrepancies/${id}/resolve`, 'admin-ops', { reason });
    const resolved = await resolve('refund made in the back office for ticket 12');
    expect(resolved.body).toMatchObject({ id, resolved: true, resolvedAt: expect.any(String) });
    expect((await resolve('again')).body.resolvedAt).toBe(resolved.body.resolvedAt);
    const open = (await api.call('GET', '/v1/admin/reconciliation/discrepancies?resolved=false', 'admin-ops')).body;
    expect(open.items).toEqual([]);
    const trail = await h.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(trail.map((a) => [a.actor, a.action, a.reason])).toEqual([
      ['admin-ops', 'discrepancy.resolved', 'refund made in the back office for ticket 12'],
    ]);
    const missing = await api.call('POST', '/v1/admin/reconciliation/discrepancies/dis_none/resolve', 'admin-ops', {
      reason: 'nothing',
    });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'discrepancy_not_found']);
  }, 60_000);

  it('the schedule of this task queue exists after start, is updated in place on a restart, and its triggered run completes', async () => {
    const handle = h.client.schedule.getHandle(reconciliationScheduleId(h.config.temporal.taskQueue));
    const everySeconds = async () => (await handle.describe()).spec.intervals?.[0]?.every;
    expect(await everySeconds()).toBe(86_400_000);
    await ensureReconciliationSchedule(h.client, {
      ...h.config,
      reconciliation: { ...h.config.reconciliation, intervalSeconds: 3600 },
    });
    expect(await everySeconds()).toBe(3_600_000);
    await handle.trigger();
    const started = await until(
      'the triggered run to start',
      async () => (await handle.describe()).info.recentActions[0],
    );
    const result = await h.client.workflow.getHandle(started.action.workflow.workflowId).result();
    expect(result.runId).toBe(started.action.workflow.workflowId);
  }, 60_000);

  it('both admin routes answer 401 without a token and 403 to a non-admin', async () => {
    const routes = [
      ['GET', '/v1/admin/reconciliation/discrepancies'],
      ['POST', '/v1/admin/reconciliation/run'],
    ] as const;
    for (const [method, path] of routes) {
      const anonymous = await fetch(`${h.apiUrl}${path}`, { method });
      expect([path, anonymous.status, (await body(anonymous)).error.code]).toEqual([path, 401, 'unauthorized']);
      const viewer = await api.call(method, path, 'user-viewer');
      expect([path, viewer.status, viewer.body.error.code]).toEqual([path, 403, 'forbidden']);
    }
  });
});
