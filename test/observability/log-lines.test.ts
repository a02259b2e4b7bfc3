import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/create-app.js';
import { paymentMethods, payments } from '../../db/schema/index.js';
import { createLogger } from '../../observability/logger.js';
import { createTracing, registerTracing, unregisterTracing } from '../../observability/tracing.js';
import { activeSubscription, billingClient, CARDS, type Json, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { captureFile } from '../support/log-capture.js';

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACE_ID = /^[0-9a-f]{32}$/;

const jsonLines = (file: string): Json[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

// Tracing registered without an exporter, as a process without OTEL_EXPORTER_OTLP_ENDPOINT runs: spans are not
// recorded, yet ids exist and travel (API → Temporal headers → activities), so log lines carry them.
describe('log lines', () => {
  const tracing = createTracing({ serviceName: 'movix-billing-test' });
  const dir = mkdtempSync(join(tmpdir(), 'log-lines-'));
  let h: Harness;
  beforeAll(async () => {
    registerTracing(tracing);
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
    await tracing.shutdown();
    unregisterTracing();
    rmSync(dir, { recursive: true, force: true });
  });

  it("every line written for an API request carries the request's id and its trace id (the caller's, or a new one)", async () => {
    const file = join(dir, 'api.log');
    const app = createApp({
      config: h.config,
      db: h.database.db,
      temporal: h.client,
      logger: createLogger('silent', 'api', { file, fileLevel: 'debug' }),
      acquirers: h.acquirers,
    });
    const authorization = `Bearer ${await h.token('user-log-lines')}`;
    const traced = await app.request('/v1/plans', {
      headers: {
        authorization,
        'x-request-id': 'req-from-the-caller',
        traceparent: `00-${CALLER_TRACE}-00f067aa0ba902b7-01`,
      },
    });
    expect(traced.headers.get('x-request-id')).toBe('req-from-the-caller');
    // A refused body is logged too (the error handler's line), under a request id the API makes up.
    const refused = await app.request('/v1/subscriptions', {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json', 'x-request-id': 'not an id!' },
      body: '{"planId": 1}',
    });
    expect(refused.status).toBe(400);
    const madeUp = refused.headers.get('x-request-id');
    expect(madeUp).toMatch(/^[0-9a-f-]{36}$/);

    const lines = jsonLines(file);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      expect(line.traceId).toMatch(TRACE_ID);
      expect([line.requestId, line.name]).toEqual([expect.any(String), 'api']);
    }
    expect(lines.filter((l) => l.requestId === 'req-from-the-caller').map((l) => l.traceId)).toContain(CALLER_TRACE);
    const other = lines.filter((l) => l.requestId === madeUp);
    expect(other.length).toBeGreaterThanOrEqual(1);
    expect(other.every((l) => l.traceId !== CALLER_TRACE)).toBe(true);
  });

  it("the Temporal SDK's own lines are pino JSON lines of the `temporal` logger (the worker's state changes)", async () => {
    const file = captureFile('temporal');
    expect(file).toBeDefined();
    const line = await until('the worker state line', async () =>
      jsonLines(file as string).find(
        (l) => l.msg === 'Worker state changed' && l.taskQueue === h.config.temporal.taskQueue && l.state === 'RUNNING',
      ),
    );
    // pino's own shape: numeric level (the SDK's INFO is our debug), epoch-ms time, the logger's name.
    expect(line).toMatchObject({ level: 20, name: 'temporal', sdkComponent: 'worker', time: expect.any(Number) });
  });

  it('a charge (by cryptogram or on the hosted page) and a decline are logged at info with their ids and decline class, never the cryptogram or the card token', async () => {
    const api = billingClient(h);
    const checkout = async (user: string, card: string) => {
      const cryptogram = await api.cryptogram(card);
      const created = await api.subscribe(user, {
        planId: 'monthly',
        payment: { method: 'card_cryptogram', cryptogram, ipAddress: '127.0.0.1' },
      });
      expect(created.status).toBe(201);
      return { cryptogram, subscriptionId: created.body.subscription.id as string };
    };
    const paid = await checkout('user-log-paid', CARDS.success);
    const declined = await checkout('user-log-declined', CARDS.insufficientFunds);
    const file = captureFile('temporal') as string;
    const lineOf = (msg: string, subscriptionId: string) =>
      until(`"${msg}" of ${subscriptionId}`, async () =>
        jsonLines(file).find((l) => l.msg === msg && l.subscriptionId === subscriptionId),
      );

    const charge = await lineOf('charge succeeded', paid.subscriptionId);
    expect(charge).toMatchObject({
      level: 30,
      paymentId: expect.stringMatching(/^pay_/),
      invoiceId: expect.any(String),
      acquirer: 'cloudpayments',
      status: 'succeeded',
      amount: 29900,
      currency: 'RUB',
      // The activity's ids, from Temporal's activity logger, and the trace the API request started.
      workflowId: `subscription-${paid.subscriptionId}`,
      activityType: 'chargeCardForInvoice',
      traceId: expect.stringMatching(TRACE_ID),
    });
    const decline = await lineOf('charge declined', declined.subscriptionId);
    expect(decline).toMatchObject({
      level: 30,
      status: 'declined',
      declineClass: expect.stringMatching(/^(soft|hard)$/),
    });
    expect(decline.declineCode).toEqual(expect.any(String));

    // Paid by the payer on the hosted page: the acquirer's notification records it, and that is logged alike.
    const linked = await api.subscribe('user-log-link', { planId: 'monthly' });
    await api.payLink(linked.body.checkout.paymentUrl, CARDS.success);
    expect(await lineOf('charge succeeded', linked.body.subscription.id)).toMatchObject({
      level: 30,
      source: 'acquirer',
      paymentId: expect.stringMatching(/^pay_/),
      invoiceId: linked.body.checkout.invoiceId,
      acquirer: 'cloudpayments',
      traceId: expect.stringMatching(TRACE_ID),
    });

    const [card] = await h.database.db
      .select({ token: paymentMethods.token })
      .from(paymentMethods)
      .where(eq(paymentMethods.subscriptionId, paid.subscriptionId));
    expect(card?.token).toBeTruthy();
    const written = readFileSync(file, 'utf8');
    for (const secret of [
      paid.cryptogram,
      declined.cryptogram,
      card?.token ?? '',
      h.config.acquiring.cloudpayments.apiSecret,
    ])
      expect(written).not.toContain(secret);
  });

  it('a reconciliation finding is logged at info with its kind and ids, by the run that found it', async () => {
    const api = billingClient(h);
    const sub = await activeSubscription(h, `user-log-finding-${randomUUID()}`, 'monthly');
    const [paid] = await h.database.db
      .select()
      .from(payments)
      .where(eq(payments.invoiceId, `inv_${sub.id}_0`));
    // A refund made in the acquirer's back office: its ledger has it, our books do not.
    const auth = Buffer.from(`${h.config.sandbox.publicId}:${h.config.sandbox.apiSecret}`).toString('base64');
    const refunded = await fetch(`${h.sandboxUrl}/payments/refund`, {
      method: 'POST',
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
      body: JSON.stringify({ TransactionId: Number(paid?.providerTransactionId), Amount: 1 }),
    });
    expect(refunded.status).toBe(200);
    const started = await api.call('POST', '/v1/admin/reconciliation/run', 'admin-ops');
    expect(started.status).toBe(202);
    await h.client.workflow.getHandle(started.body.workflowId).result();
    const finding = await until('the finding line', async () =>
      jsonLines(captureFile('temporal') as string).find(
        (l) => l.msg === 'reconciliation finding' && l.invoiceId === paid?.invoiceId,
      ),
    );
    expect(finding).toMatchObject({
      level: 30,
      kind: 'missing_local_refund',
      acquirer: 'cloudpayments',
      discrepancyId: expect.any(String),
      runId: expect.any(String),
      activityType: expect.any(String),
    });
  });
});
