// Issue 15's acceptance for metrics: the API and the worker as their own processes (api/main.ts, worker/main.ts),
// a checkout paid on the sandbox's hosted page and its renewal a minute later, then both /metrics scraped.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_JWT_SECRET, loadConfig } from '../../config/config.js';
import { createLogger } from '../../observability/logger.js';
import { monthlyAmount } from '../../observability/monthly-revenue.js';
import { startSandbox } from '../../sandbox/server.js';
import { activeSubscription, billingClient, createMinutePlan, until } from '../support/billing-client.js';
import { type EntryProcess, startEntry } from '../support/entry-process.js';
import { freePort } from '../support/free-port.js';
import { createFreshDatabase } from '../support/fresh-database.js';
import type { Harness } from '../support/harness.js';
import { captureFile } from '../support/log-capture.js';
import { metricNames, sampleValue } from '../support/prometheus-text.js';
import { defaultEmail } from '../support/stack.js';

const closers: Array<() => Promise<void>> = [];
let api: EntryProcess;
let worker: EntryProcess;
let urls: { api: string; sandbox: string; apiOps: string; workerOps: string };

const scrape = async (base: string) => {
  const res = await fetch(`${base}/metrics`);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
};

beforeAll(async () => {
  const [apiPort, sandboxPort, apiOpsPort, workerOpsPort, fresh] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    createFreshDatabase(),
  ]);
  closers.push(fresh.drop);
  const dataDir = mkdtempSync(join(tmpdir(), 'billing-metrics-'));
  closers.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    DATABASE_URL: fresh.url,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: `metrics-${apiPort}`,
    SHORT_PERIODS_ENABLED: 'true',
    PORT: String(apiPort),
    PUBLIC_BASE_URL: `http://127.0.0.1:${apiPort}`,
    SANDBOX_PORT: String(sandboxPort),
    CLOUDPAYMENTS_API_URL: `http://127.0.0.1:${sandboxPort}`,
    HOST: '127.0.0.1',
  };
  const config = loadConfig(env);
  const sandbox = await startSandbox({
    ...config.sandbox,
    host: '127.0.0.1',
    timeScale: 0.0005,
    logger: createLogger('silent', 'sandbox'),
  });
  closers.push(sandbox.close);
  // The API first: it applies the migrations and seeds the catalog before the worker opens the database.
  api = startEntry('api/main.ts', [], {
    ...env,
    OPS_PORT: String(apiOpsPort),
    LOG_FILE: captureFile(`metrics-api-${apiPort}`) ?? '',
  });
  closers.push(() => api.stop());
  expect(await api.until(/API metrics listening/, 60_000)).toBe('matched');
  worker = startEntry('worker/main.ts', [], {
    ...env,
    OPS_PORT: String(workerOpsPort),
    WORKER_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
    LOG_FILE: captureFile(`metrics-worker-${apiPort}`) ?? '',
  });
  closers.push(() => worker.stop());
  urls = {
    api: `http://127.0.0.1:${apiPort}`,
    sandbox: sandbox.url,
    apiOps: `http://127.0.0.1:${apiOpsPort}`,
    workerOps: `http://127.0.0.1:${workerOpsPort}`,
  };
}, 120_000);

afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => {});
});

/** Just what billing-client's helpers use of a harness: the two URLs and a token. */
const driver = () =>
  ({
    apiUrl: urls.api,
    sandboxUrl: urls.sandbox,
    token: (sub: string, options: { admin?: boolean } = {}) =>
      new SignJWT({ roles: options.admin ? ['admin'] : [], email: defaultEmail(sub) })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode(LOCAL_JWT_SECRET)),
  }) as unknown as Harness;

describe('/metrics of the API and worker processes', () => {
  it('the worker is ready once polling; after a checkout and a renewal the counters, gauges and SDK metrics moved', async () => {
    const ready = await until(
      'the worker ready',
      async () => {
        const res = await fetch(`${urls.workerOps}/ready`).catch(() => undefined);
        return res?.status === 200 ? res.json() : undefined;
      },
      60_000,
    );
    expect(ready).toEqual({ status: 'ready' });
    expect((await fetch(`${urls.workerOps}/health`)).status).toBe(200);
    // The API's ops listener has metrics only; its public port has no business metrics at all.
    expect((await fetch(`${urls.apiOps}/ready`)).status).toBe(404);
    expect((await fetch(`${urls.api}/metrics`)).status).toBe(404);

    const h = driver();
    const planId = await createMinutePlan(h, { amount: 1000 });
    const user = `metrics-user-${apiPortOf(urls.api)}`;
    const sub = await activeSubscription(h, user, planId);
    await until(
      'the renewal invoice paid',
      async () => {
        const invoices = await billingClient(h).invoices(user, sub.id);
        return invoices.filter((i) => i.status === 'paid').length >= 2 ? true : undefined;
      },
      150_000,
      1000,
    );

    const workerText = await until('both charges counted by the worker', async () => {
      const text = await scrape(urls.workerOps);
      const succeeded = sampleValue(text, 'billing_charges_total', { outcome: 'succeeded' }) ?? 0;
      return succeeded >= 2 ? text : undefined;
    });
    expect(sampleValue(workerText, 'billing_renewal_lateness_seconds_count')).toBe(1);
    expect(sampleValue(workerText, 'billing_charges_total', { outcome: 'declined' }) ?? 0).toBe(0);
    // The Temporal SDK's own exporter, appended to the same scrape.
    const sdk = [...metricNames(workerText)].filter((n) => n.startsWith('temporal_'));
    expect(sdk).toEqual(
      expect.arrayContaining([
        'temporal_activity_execution_latency_bucket',
        'temporal_workflow_task_execution_latency_bucket',
        // What the README and the autoscaling advice name: the backlog signals, slots and pollers.
        'temporal_workflow_task_schedule_to_start_latency_bucket',
        'temporal_activity_schedule_to_start_latency_bucket',
        'temporal_worker_task_slots_available',
        'temporal_num_pollers',
        'temporal_request',
      ]),
    );

    const apiText = await scrape(urls.apiOps);
    expect(
      sampleValue(apiText, 'billing_webhooks_received_total', { acquirer: 'cloudpayments' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sampleValue(apiText, 'billing_webhooks_rejected_total') ?? 0).toBe(0);
    expect(sampleValue(apiText, 'billing_subscriptions_live', { plan: planId, status: 'active' })).toBe(1);
    const mrr = Math.round(monthlyAmount(1000, { unit: 'minute', count: 1 }));
    expect(sampleValue(apiText, 'billing_mrr_minor_units', { currency: 'RUB' })).toBe(mrr);
    expect(sampleValue(apiText, 'billing_database_metrics_up')).toBe(1);
    expect(sampleValue(apiText, 'billing_discrepancies_open', { kind: 'duplicate_charge' })).toBe(0);
    // Node's own process metrics on both.
    expect(sampleValue(apiText, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(workerText, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  }, 240_000);
});

const apiPortOf = (url: string) => new URL(url).port;
