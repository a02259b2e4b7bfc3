// The API's webhook counters through app.request(): received, rejected by reason, and a signed redelivery counted as
// a duplicate (stored once). Over a real PostgreSQL database; no Temporal call is made on these routes.
import type { Client } from '@temporalio/client';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCloudPayments } from '../../acquiring/cloudpayments/signature.js';
import { createAcquirers } from '../../acquiring/registry.js';
import type { App } from '../../api/app-env.js';
import { createApp } from '../../api/create-app.js';
import { loadConfig } from '../../config/config.js';
import { type DbHandle, openDb } from '../../db/create-db.js';
import { createBusinessMetrics } from '../../observability/business-metrics.js';
import { createLogger } from '../../observability/logger.js';
import { createFreshDatabase } from '../support/fresh-database.js';
import { sampleValue } from '../support/prometheus-text.js';

let database: DbHandle;
let drop: () => Promise<void>;
let app: App;
const registry = new Registry();
const config = loadConfig({ NODE_ENV: 'test' });
const secret = config.acquiring.cloudpayments.apiSecret;
const FORM =
  'TransactionId=4242&Amount=10.00&Currency=RUB&Status=Completed&InvoiceId=inv-metrics&TestMode=1&OperationType=Payment&AuthCode=A1B2C3';

beforeAll(async () => {
  const fresh = await createFreshDatabase();
  drop = fresh.drop;
  database = await openDb({ url: fresh.url, dataDir: '.', maxConnections: 2 });
  app = createApp({
    config,
    db: database.db,
    temporal: {} as Client,
    logger: createLogger('silent'),
    acquirers: createAcquirers(config.acquiring),
    metrics: createBusinessMetrics(registry),
  });
});

afterAll(async () => {
  await database?.close();
  await drop?.();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
const value = async (name: string, labels: Record<string, string> = {}) =>
  sampleValue(await registry.metrics(), name, labels) ?? 0;

describe('webhook counters', () => {
  it('a signed notification twice: received twice, one duplicate; a forged one and an unknown acquirer are rejected', async () => {
    const signed = { 'content-hmac': signCloudPayments(secret, FORM) };
    expect((await post('/webhooks/cloudpayments/pay', FORM, signed)).status).toBe(200);
    expect((await post('/webhooks/cloudpayments/pay', FORM, signed)).status).toBe(200);
    expect(await value('billing_webhooks_received_total', { acquirer: 'cloudpayments' })).toBe(2);
    expect(await value('billing_webhooks_duplicate_total', { acquirer: 'cloudpayments' })).toBe(1);

    const forged = await post('/webhooks/cloudpayments/pay', FORM, { 'content-hmac': signCloudPayments('x', FORM) });
    expect(forged.status).toBe(401);
    expect(await value('billing_webhooks_rejected_total', { acquirer: 'cloudpayments', reason: 'bad_signature' })).toBe(
      1,
    );

    // Whatever a stranger puts in the path is not a label: it is counted under `unknown`.
    expect((await post('/webhooks/made-up-acquirer/pay', FORM)).status).toBe(404);
    expect(await value('billing_webhooks_rejected_total', { acquirer: 'unknown', reason: 'unknown_route' })).toBe(1);
    expect(await registry.metrics()).not.toContain('made-up-acquirer');
    expect(await value('billing_webhooks_received_total')).toBe(3);
  });
});
