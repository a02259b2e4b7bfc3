// The acquirer's limit on concurrent requests (the sandbox, as a CloudPayments test terminal, answers 429 beyond 5):
// the adapter built from configuration keeps a burst within it, so every request is answered rather than refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAcquirers } from '../../acquiring/registry.js';
import { loadConfig } from '../../config/config.js';
import { type RunningSandbox, startSandbox } from '../../sandbox/server.js';

const PUBLIC_ID = 'test_api_concurrency';
const SECRET = 'concurrency-api-secret';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, publicId: PUBLIC_ID, apiSecret: SECRET, maxConcurrentRequests: 5 });
  // Every request is held a while, so a burst overlaps at the acquirer.
  const faults = await fetch(`${sandbox.url}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ latencyMs: 100 }),
  });
  expect(faults.ok).toBe(true);
});
afterAll(async () => {
  await sandbox?.close();
});

async function burst(maxConcurrentRequests: string) {
  const config = loadConfig({
    CLOUDPAYMENTS_API_URL: sandbox.url,
    CLOUDPAYMENTS_PUBLIC_ID: PUBLIC_ID,
    CLOUDPAYMENTS_API_SECRET: SECRET,
    CLOUDPAYMENTS_MAX_CONCURRENT_REQUESTS: maxConcurrentRequests,
  });
  const provider = createAcquirers(config.acquiring).get('cloudpayments');
  const lookups = await Promise.all(Array.from({ length: 15 }, (_, i) => provider.getPayment(String(900_000 + i))));
  return lookups.map((l) => (l.status === 'unavailable' ? `unavailable: ${l.failure.kind}` : l.status));
}

describe('requests to the acquirer within its concurrent limit', () => {
  it('15 lookups at once through an adapter limited to 5 are all answered, none refused with 429', async () => {
    expect(await burst('5')).toEqual(Array(15).fill('not_found'));
  });

  it('the same burst with a limit above the acquirer’s gets 429s (what the limit is there for)', async () => {
    expect(await burst('15')).toContain('unavailable: rate_limited');
  });

  it('a limit that is not a positive integer is a configuration error', () => {
    expect(() => loadConfig({ CLOUDPAYMENTS_MAX_CONCURRENT_REQUESTS: '0' })).toThrow(
      /CLOUDPAYMENTS_MAX_CONCURRENT_REQUESTS/,
    );
  });
});
