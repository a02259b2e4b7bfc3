// The ops listener: one /metrics with the SDK's text appended, a failing gauge not failing the scrape, and the
// worker's /ready following its state and Temporal's list of pollers.
import { createServer, type Server } from 'node:http';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusinessMetrics } from '../../observability/business-metrics.js';
import { createLogger } from '../../observability/logger.js';
import { createMetricsRegistry, createOpsApp, startOpsServer } from '../../runtime/ops-server.js';
import { workerReadiness } from '../../worker/readiness.js';
import { sampleValue } from '../support/prometheus-text.js';

const logger = createLogger('silent', 'ops-test');
const SDK_TEXT = '# TYPE temporal_num_pollers gauge\ntemporal_num_pollers{poller_type="workflow_task"} 2\n';
let sdk: Server;
let sdkAddress: string;

beforeAll(async () => {
  // Stands in for the SDK's exporter: the same route, real HTTP.
  sdk = createServer((req, res) => {
    res.writeHead(req.url === '/metrics' ? 200 : 404, { 'content-type': 'text/plain' }).end(SDK_TEXT);
  });
  await new Promise<void>((resolve) => sdk.listen(0, '127.0.0.1', resolve));
  const address = sdk.address();
  sdkAddress = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => sdk.close(() => resolve())));

describe('ops listener', () => {
  it("serves the process's registry and the SDK's metrics in one scrape, over real HTTP", async () => {
    const registry = createMetricsRegistry();
    createBusinessMetrics(registry).chargeSettled('declined', 'soft');
    const ops = await startOpsServer({ registry, logger, sdkMetricsAddress: sdkAddress, host: '127.0.0.1', port: 0 });
    try {
      const res = await fetch(`${ops.url}/metrics`);
      expect(res.headers.get('content-type')).toBe(registry.contentType);
      const text = await res.text();
      expect(sampleValue(text, 'billing_charges_total', { outcome: 'declined', decline_class: 'soft' })).toBe(1);
      expect(sampleValue(text, 'temporal_num_pollers', { poller_type: 'workflow_task' })).toBe(2);
      expect(sampleValue(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    } finally {
      await ops.close();
    }
  });

  it('a failing database gauge or a silent SDK exporter still leaves a scrape with the rest', async () => {
    const registry = new Registry();
    createBusinessMetrics(registry).webhookReceived('cloudpayments');
    const app = createOpsApp({
      registry,
      logger,
      beforeScrape: [() => Promise.reject(new Error('database down'))],
      sdkMetricsAddress: '127.0.0.1:1',
    });
    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(sampleValue(text, 'billing_webhooks_received_total', { acquirer: 'cloudpayments' })).toBe(1);
    expect(text).not.toContain('temporal_');
  });

  it('the API has no /health or /ready on it (those are the worker probes)', async () => {
    const app = createOpsApp({ registry: new Registry(), logger });
    expect((await app.request('/ready')).status).toBe(404);
    expect((await app.request('/health')).status).toBe(404);
  });
});

describe('worker readiness', () => {
  const target = { namespace: 'default', taskQueue: 'billing', identity: 'worker-1@host' };
  const fakeWorker = (state: { value: string }) => ({ getState: () => state.value }) as unknown as Worker;
  const fakeClient = (pollers: { value: string[]; calls: number }) =>
    ({
      workflowService: {
        describeTaskQueue: async () => {
          pollers.calls++;
          return { pollers: pollers.value.map((identity) => ({ identity })) };
        },
      },
    }) as unknown as Client;

  it('503 until running and listed as a poller; 200 then without asking Temporal again; 503 once stopping', async () => {
    const state = { value: 'INITIALIZED' };
    const pollers = { value: [] as string[], calls: 0 };
    const app = createOpsApp({
      registry: new Registry(),
      logger,
      ready: workerReadiness(fakeWorker(state), fakeClient(pollers), target),
    });
    const status = async () => (await app.request('/ready')).status;
    expect(await status()).toBe(503);
    expect(pollers.calls).toBe(0);
    state.value = 'RUNNING';
    pollers.value = ['another-worker@host'];
    expect(await status()).toBe(503);
    pollers.value = ['another-worker@host', target.identity];
    expect(await status()).toBe(200);
    const asked = pollers.calls;
    expect(await status()).toBe(200);
    expect(pollers.calls).toBe(asked);
    expect((await app.request('/health')).status).toBe(200);
    state.value = 'STOPPING';
    expect(await status()).toBe(503);
    expect((await app.request('/health')).status).toBe(200);
  });

  it('Temporal unreachable: not ready, asked again at the next probe', async () => {
    let calls = 0;
    const failing = {
      workflowService: {
        describeTaskQueue: async () => {
          calls++;
          if (calls === 1) throw new Error('UNAVAILABLE');
          return { pollers: [{ identity: target.identity }] };
        },
      },
    } as unknown as Client;
    const ready = workerReadiness(fakeWorker({ value: 'RUNNING' }), failing, target);
    expect(await ready()).toBe(false);
    expect(await ready()).toBe(true);
  });
});

describe('business counters', () => {
  it('dunning: entering past_due, leaving it, and leaving it by paying are counted apart', async () => {
    const registry = new Registry();
    const metrics = createBusinessMetrics(registry);
    metrics.subscriptionMoved('active', 'past_due');
    metrics.subscriptionMoved('past_due', 'past_due');
    metrics.subscriptionMoved('past_due', 'active');
    metrics.subscriptionMoved('active', 'past_due');
    metrics.subscriptionMoved('past_due', 'canceled');
    metrics.subscriptionMoved(undefined, 'pending_payment');
    metrics.subscriptionMoved('pending_payment', 'active');
    const text = await registry.metrics();
    expect(sampleValue(text, 'billing_dunning_entered_total')).toBe(2);
    expect(sampleValue(text, 'billing_dunning_exited_total', { to_status: 'active' })).toBe(1);
    expect(sampleValue(text, 'billing_dunning_exited_total', { to_status: 'canceled' })).toBe(1);
    expect(sampleValue(text, 'billing_dunning_recovered_total')).toBe(1);
  });

  it('charges: a success has decline_class none; a decline without a known class is labelled unknown', async () => {
    const registry = new Registry();
    const metrics = createBusinessMetrics(registry);
    metrics.chargeSettled('succeeded');
    metrics.chargeSettled('declined', 'hard');
    metrics.chargeSettled('declined', null);
    metrics.renewalStarted(-3);
    const text = await registry.metrics();
    expect(sampleValue(text, 'billing_charges_total', { outcome: 'succeeded', decline_class: 'none' })).toBe(1);
    expect(sampleValue(text, 'billing_charges_total', { outcome: 'declined', decline_class: 'hard' })).toBe(1);
    expect(sampleValue(text, 'billing_charges_total', { outcome: 'declined', decline_class: 'unknown' })).toBe(1);
    // A charge a little early (clock skew) counts as on time, not as negative lateness.
    expect(sampleValue(text, 'billing_renewal_lateness_seconds_sum')).toBe(0);
  });
});
