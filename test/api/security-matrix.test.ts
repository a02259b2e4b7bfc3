import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_POLICY } from '../../api/access-policy.js';
import { createApp } from '../../api/create-app.js';
import { RATE_LIMITED_ROUTES } from '../../api/rate-limit-policy.js';
import { createLogger } from '../../observability/logger.js';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';
import { ROUTES, type RouteRequest, type Seed, seedOwnerData } from './security-routes.js';

type Caller = 'no_token' | 'another_key' | 'alg_none' | 'expired' | 'another_user' | 'non_admin' | 'admin';
const CALLERS: Caller[] = ['no_token', 'another_key', 'alg_none', 'expired', 'another_user', 'non_admin', 'admin'];
const BROKEN: ReadonlySet<Caller> = new Set(['no_token', 'another_key', 'alg_none', 'expired']);

describe('security matrix: every route × every kind of caller', () => {
  let h: Harness;
  let seed: Seed;
  const tokens = new Map<Caller, string | undefined>();

  beforeAll(async () => {
    h = await startHarness({}, { worker: false });
    seed = await seedOwnerData(h.database.db);
    const admin = { [h.config.auth.rolesClaim]: [h.config.auth.adminRole] };
    const expiredAt = Math.floor(Date.now() / 1000) - 120;
    tokens.set('no_token', undefined);
    // Every broken token claims the admin role: a claim is worth nothing without a valid signature.
    tokens.set(
      'another_key',
      await new SignJWT(admin)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(seed.owner)
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode('another-issuer-secret-0123456789')),
    );
    tokens.set('alg_none', new UnsecuredJWT(admin).setSubject(seed.owner).setExpirationTime('5m').encode());
    tokens.set(
      'expired',
      await new SignJWT(admin)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(seed.owner)
        .setExpirationTime(expiredAt)
        .sign(new TextEncoder().encode(h.config.auth.jwtSecret)),
    );
    tokens.set('another_user', await h.token('bob-not-the-owner'));
    tokens.set('non_admin', await h.token(seed.owner));
    tokens.set('admin', await h.token('op-matrix', { admin: true }));
  });
  afterAll(async () => {
    await h?.close();
  });

  const send = (request: RouteRequest, caller: Caller, app = h.app) => {
    const token = tokens.get(caller);
    const headers: Record<string, string> = { ...request.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined;
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(request.json);
    } else if (request.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams(request.form).toString();
    }
    return app.request(request.path, { method: request.method, headers, body: payload });
  };

  it('the table covers exactly the routes of /openapi.json, with the access the app declares', async () => {
    const doc = await body(await h.app.request('/openapi.json'));
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(Object.keys(ROUTES).sort());
    for (const [route, { access }] of Object.entries(ROUTES))
      expect([route, ACCESS_POLICY[route]]).toEqual([route, access]);
  });

  it("Alice and an admin do see Alice's rows, so their absence elsewhere in the matrix means something", async () => {
    for (const caller of ['non_admin', 'admin'] as const) {
      const subs = await (await send({ method: 'GET', path: '/v1/subscriptions' }, caller)).text();
      const payment = await (await send({ method: 'GET', path: `/v1/payments/${seed.paymentId}` }, caller)).text();
      expect([subs, payment].join()).toContain(seed.owner);
      expect(subs).toContain(seed.subscriptionId);
    }
  });

  const cells = Object.entries(ROUTES).flatMap(([route]) => CALLERS.map((caller) => [route, caller] as const));

  it.each(cells)('%s as %s', async (route, caller) => {
    const spec = ROUTES[route];
    if (!spec) throw new Error(`no table entry for ${route}`);
    if (caller === 'admin' && spec.adminSkip) return;
    const res = await send(spec.request(seed), caller);
    const text = await res.text();
    const json = text.startsWith('{') ? JSON.parse(text) : undefined;
    const code = json?.error?.code;
    const { access } = spec;

    if (access === 'public') expect(res.status, text).toBe(200);
    else if (access === 'acquirer') expect([res.status, code]).toEqual([401, 'invalid_signature']);
    else if (access === 'payer_browser') expect([res.status, code]).toEqual([404, 'payment_not_found']);
    else if (BROKEN.has(caller)) expect([res.status, code]).toEqual([401, 'unauthorized']);
    else if (access === 'admin' && caller !== 'admin') expect([res.status, code]).toEqual([403, 'forbidden']);
    else if (caller === 'another_user') {
      // Someone else's resource does not exist for Bob; lists and the create route show him only his own.
      if (route.includes('{id}')) expect(res.status, text).toBe(404);
      else expect(res.status, text).toBe(route.startsWith('POST') ? 404 : 200);
    } else {
      // Alice on her own rows, an admin on anyone's: past authentication, and her rows are found (a 404 may only
      // be about something the request names that does not exist, such as an unknown plan).
      expect([401, 403], `${caller} was refused: ${text}`).not.toContain(res.status);
      const seeded: unknown[] = [seed.subscriptionId, seed.invoiceId, seed.paymentId, seed.refundId, seed.planId];
      if (res.status === 404) expect(seeded, text).not.toContain(json?.error?.details?.id);
    }

    // Never another user's data: only Alice herself and admins ever read her user id or her rows.
    if (caller !== 'non_admin' && caller !== 'admin') {
      expect(text).not.toContain(seed.owner);
      if (res.status < 300 && access !== 'public') {
        for (const id of [seed.subscriptionId, seed.invoiceId, seed.paymentId, seed.refundId]) {
          expect(text).not.toContain(id);
        }
      }
    }
  });

  // Rate limits: the one caller each route admits gets 429 past its limit; a stranger still gets 401 (the limit runs
  // after authentication, so it neither tells a stranger anything nor lets one spend a user's budget).
  const limited = Object.keys(RATE_LIMITED_ROUTES);

  it('/openapi.json documents a 429 on exactly the rate-limited routes', async () => {
    const doc = await body(await h.app.request('/openapi.json'));
    const with429 = Object.entries(doc.paths as Record<string, Record<string, { responses: object }>>).flatMap(
      ([path, ops]) =>
        Object.entries(ops).flatMap(([method, op]) =>
          '429' in op.responses ? [`${method.toUpperCase()} ${path}`] : [],
        ),
    );
    expect(with429.sort()).toEqual([...limited].sort());
  });

  it.each(limited)('%s past its limit: 429 rate_limited with Retry-After; no token is still 401', async (route) => {
    const spec = ROUTES[route];
    if (!spec) throw new Error(`no table entry for ${route}`);
    const once = { perUser: 1, perIp: 1000, windowSeconds: 3600 };
    const rateLimits = { ...h.config.rateLimits, buckets: { checkout: once, update: once, operator: once } };
    const app = createApp({
      config: { ...h.config, rateLimits },
      db: h.database.db,
      temporal: h.client,
      logger: createLogger('silent'),
      provider: h.provider,
    });
    const caller = spec.access === 'admin' ? 'admin' : 'non_admin';
    expect((await send(spec.request(seed), caller, app)).status).not.toBe(429);
    const refused = await send(spec.request(seed), caller, app);
    expect([refused.status, (await body(refused)).error.code]).toEqual([429, 'rate_limited']);
    expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    const stranger = await send(spec.request(seed), 'no_token', app);
    expect([stranger.status, (await body(stranger)).error.code]).toEqual([401, 'unauthorized']);
  });
});
