// Rate limits through HTTP on the real stack: card testing on subscribe, update floods, per-address limits, and the
// client address taken from X-Forwarded-For only through declared proxies.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/create-app.js';
import type { Config } from '../../config/config.js';
import { subscriptions } from '../../db/schema/index.js';
import { createLogger } from '../../observability/logger.js';
import { listen, type RunningServer } from '../../runtime/http-server.js';
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import { activeSubscription, billingClient, CARDS, type Json, until } from '../support/billing-client.js';
import { freePort } from '../support/free-port.js';
import { type Harness, startHarness } from '../support/harness.js';
import { invariantsOfEachTest } from '../support/invariants.js';

const HOUR = '3600';

/** A 429 as the contract has it: `rate_limited` in the error body, `Retry-After` a whole number of seconds ≥ 1. */
function expectRateLimited(res: { status: number; body: Json; retryAfter: string | null }, scope: 'user' | 'ip') {
  expect([res.status, res.body?.error?.code, res.body?.error?.details?.scope]).toEqual([429, 'rate_limited', scope]);
  expect(res.retryAfter).toMatch(/^[1-9]\d*$/);
}

describe('rate limits', () => {
  let h: Harness;
  const servers: RunningServer[] = [];
  afterEach(invariantsOfEachTest(() => h));
  beforeAll(async () => {
    // One proxy in front, so each test is its own client address through X-Forwarded-For.
    h = await startHarness({
      TRUST_PROXY_HOPS: '1',
      RATE_LIMIT_CHECKOUT_PER_USER: '2',
      RATE_LIMIT_CHECKOUT_PER_IP: '4',
      RATE_LIMIT_CHECKOUT_WINDOW_SECONDS: HOUR,
      RATE_LIMIT_UPDATE_PER_USER: '3',
      RATE_LIMIT_UPDATE_WINDOW_SECONDS: HOUR,
    });
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await h?.close();
  });

  /** Calls the API at `baseUrl` as `user` from `address` (sent as the proxy would, in X-Forwarded-For). */
  const from = (address: string | undefined, baseUrl?: string) => {
    const send = async (method: string, path: string, user: string, json?: unknown, headers = {}) => {
      const res = await fetch(`${baseUrl ?? h.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await h.token(user)}`,
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
          ...(address ? { 'x-forwarded-for': address } : {}),
          ...headers,
        },
        body: json === undefined ? undefined : JSON.stringify(json),
      });
      const text = await res.text();
      return {
        status: res.status,
        body: (text ? JSON.parse(text) : undefined) as Json,
        retryAfter: res.headers.get('retry-after'),
      };
    };
    return {
      send,
      subscribe: (user: string, json: unknown, key: string = randomUUID()) =>
        send('POST', '/v1/subscriptions', user, json, { 'idempotency-key': key }),
    };
  };

  /** Another app on the same stack with other limits, listening on its own port. */
  const serveWith = async (rateLimits: Partial<Config['rateLimits']>) => {
    const config = { ...h.config, rateLimits: { ...h.config.rateLimits, ...rateLimits } };
    const app = createApp({
      config,
      db: h.database.db,
      temporal: h.client,
      logger: createLogger('silent'),
      acquirers: h.acquirers,
    });
    const server = await listen(app.fetch, await freePort(), '127.0.0.1');
    servers.push(server);
    return server.url;
  };

  const ledgerOf = async (user: string) =>
    ((await billingClient(h).sandbox('/transactions')).items as Json[]).filter((t) => t.AccountId === user);
  const subscriptionsOf = (user: string) =>
    h.database.db.select().from(subscriptions).where(eq(subscriptions.userId, user));

  it('card testing: the third subscribe of one user in the window is 429 with Retry-After; it creates nothing and reaches no acquirer', async () => {
    const api = billingClient(h);
    const client = from('203.0.113.1');
    const user = `card-tester-${Date.now()}`;
    for (const attempt of [1, 2]) {
      const payment = {
        method: 'card_cryptogram',
        cryptogram: await api.cryptogram(CARDS.insufficientFunds),
        ipAddress: '203.0.113.1',
      };
      const declined = await client.subscribe(user, { planId: 'monthly', payment });
      expect([attempt, declined.status, declined.body.checkout?.status]).toEqual([attempt, 201, 'declined']);
      await api.waitForStatus(user, declined.body.subscription.id, 'expired');
    }
    expect(await ledgerOf(user)).toHaveLength(2);

    const payment = {
      method: 'card_cryptogram',
      cryptogram: await api.cryptogram(CARDS.success),
      ipAddress: '203.0.113.1',
    };
    const third = await client.subscribe(user, { planId: 'monthly', payment });
    expectRateLimited(third, 'user');
    expect(Number(third.retryAfter)).toBeLessThanOrEqual(3600);

    const rows = await subscriptionsOf(user);
    expect(rows.map((r) => r.status)).toEqual(['expired', 'expired']);
    expect(await ledgerOf(user)).toHaveLength(2);
    const started = await h.client.workflow.count(`BillingUserId = "${user}"`);
    expect(started.count).toBeLessThanOrEqual(2);

    // Another user behind the same address has a bucket of their own.
    const neighbour = await client.subscribe(`neighbour-${Date.now()}`, { planId: 'monthly' });
    expect(neighbour.status).toBe(201);
  });

  it('per address: the fifth request from one address is 429 whoever sends it, invalid ones counted; another address passes', async () => {
    const client = from('203.0.113.2');
    for (const n of [1, 2, 3, 4]) {
      const res = await client.subscribe(`ip-user-${n}-${Date.now()}`, { planId: 'no-such-plan' });
      expect([n, res.status, res.body.error.code]).toEqual([n, 404, 'plan_not_found']);
    }
    const fifth = await client.subscribe(`ip-user-5-${Date.now()}`, { planId: 'monthly' });
    expectRateLimited(fifth, 'ip');

    // A forged entry left of the proxy's own changes nothing: the proxy appended the real address last.
    const forged = await from('198.51.100.77, 203.0.113.2').subscribe(`ip-user-6-${Date.now()}`, { planId: 'monthly' });
    expectRateLimited(forged, 'ip');

    const elsewhere = await from('203.0.113.3').subscribe(`ip-user-7-${Date.now()}`, { planId: 'no-such-plan' });
    expect(elsewhere.status).toBe(404);
  });

  it('without TRUST_PROXY_HOPS, X-Forwarded-For is ignored: a flood varying it is still cut by the socket address', async () => {
    const url = await serveWith({
      trustedProxyHops: 0,
      buckets: { ...h.config.rateLimits.buckets, checkout: { perUser: 100, perIp: 2, windowSeconds: 3600 } },
    });
    const spoofing = (n: number) =>
      from(`198.51.100.${n}`, url).subscribe(`spoofer-${n}-${Date.now()}`, { planId: 'no-such-plan' });
    expect((await spoofing(1)).status).toBe(404);
    expect((await spoofing(2)).status).toBe(404);
    expectRateLimited(await spoofing(3), 'ip');
  });

  it('update flood: past three changes, cancel, resume and change-plan are 429 before their body is read and never reach the workflow', async () => {
    const user = `flooder-${Date.now()}`;
    const sub = await activeSubscription(h, user, 'monthly');
    const client = from('203.0.113.4');
    const path = (action: string) => `/v1/subscriptions/${sub.id}/${action}`;
    expect((await client.send('POST', path('cancel'), user, { mode: 'at_period_end' })).status).toBe(200);
    expect((await client.send('POST', path('resume'), user)).status).toBe(200);
    expect((await client.send('POST', path('cancel'), user, { mode: 'at_period_end' })).status).toBe(200);

    const flood = [
      await client.send('POST', path('resume'), user),
      await client.send('POST', path('change-plan'), user, { planId: 'yearly' }),
      await client.send('POST', path('cancel'), user, { mode: 'immediately' }),
      // An invalid body is not even read: the limit comes first.
      await client.send('POST', path('change-plan'), user, { planId: 42, extra: true }),
    ];
    for (const res of flood) expectRateLimited(res, 'user');

    const state = await billingClient(h).subscription(user, sub.id);
    expect([state.status, state.cancelAtPeriodEnd, state.planId]).toEqual(['active', true, 'monthly']);
    const history = await h.client.workflow.getHandle(subscriptionWorkflowId(sub.id)).fetchHistory();
    const updates = (history.events ?? []).flatMap((e) => {
      const name = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
      return name && name !== 'openCheckout' ? [name] : [];
    });
    expect(updates).toEqual(['cancelSubscription', 'resumeSubscription', 'cancelSubscription']);
  });

  it('after Retry-After the caller passes again, and the retried subscribe creates the subscription', async () => {
    const url = await serveWith({
      buckets: { ...h.config.rateLimits.buckets, checkout: { perUser: 1, perIp: 100, windowSeconds: 2 } },
    });
    const client = from(undefined, url);
    const user = `patient-${Date.now()}`;
    expect((await client.subscribe(user, { planId: 'no-such-plan' })).status).toBe(404);
    const key = randomUUID();
    const refused = await client.subscribe(user, { planId: 'monthly' }, key);
    expectRateLimited(refused, 'user');
    expect(await subscriptionsOf(user)).toEqual([]);

    // Asking again every 100 ms: a 429 later than Retry-After plus 2 s fails the test.
    const deadline = Number(refused.retryAfter) * 1000 + 2000;
    const passed = await until(
      'the subscribe to pass again',
      async () => {
        const res = await client.subscribe(user, { planId: 'monthly' }, key);
        return res.status === 429 ? undefined : res;
      },
      deadline,
      100,
    );
    expect(passed.status).toBe(201);
    expect((await subscriptionsOf(user)).map((r) => r.id)).toEqual([passed.body.subscription.id]);
  });
});
