import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_POLICY } from '../../api/access-policy.js';
import { createApp } from '../../api/create-app.js';
import { RATE_LIMITED_ROUTES } from '../../api/rate-limit-policy.js';
import { idempotencyKeys, refunds } from '../../db/schema/index.js';
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
    expect(res.headers.get('idempotent-replayed'), 'a first answer is never marked as a replay').toBeNull();

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
      acquirers: h.acquirers,
    });
    const caller = spec.access === 'admin' ? 'admin' : 'non_admin';
    expect((await send(spec.request(seed), caller, app)).status).not.toBe(429);
    const refused = await send(spec.request(seed), caller, app);
    expect([refused.status, (await body(refused)).error.code]).toEqual([429, 'rate_limited']);
    expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    const stranger = await send(spec.request(seed), 'no_token', app);
    expect([stranger.status, (await body(stranger)).error.code]).toEqual([401, 'unauthorized']);
  });

  it('every POST that moves money or changes a subscription documents Idempotency-Key and Idempotent-Replayed; no other route does', async () => {
    const doc = await body(await h.app.request('/openapi.json'));
    for (const [route, spec] of Object.entries(ROUTES)) {
      const [method = '', path = ''] = route.split(' ');
      const operation = doc.paths[path][method.toLowerCase()];
      const parameters = (operation.parameters ?? []) as Array<{ in: string; name: string; required?: boolean }>;
      const header = parameters.find((p) => p.in === 'header' && p.name === 'idempotency-key');
      const kind = header ? (header.required ? 'required' : 'optional') : undefined;
      const responses = Object.values(operation.responses) as Array<{ headers?: Record<string, unknown> }>;
      const marksReplays = responses.some((r) => r.headers?.['Idempotent-Replayed'] !== undefined);
      expect([route, kind, marksReplays]).toEqual([route, spec.idempotency, spec.idempotency !== undefined]);
    }
  });

  // Bodies that get past validation to the handler, where the key is recorded; no worker runs, so nothing starts.
  const REACHES_HANDLER: Record<string, unknown> = {
    'POST /v1/admin/subscriptions/{id}/cancel': { reason: 'matrix' },
    'POST /v1/admin/subscriptions/{id}/retry': { reason: 'matrix' },
  };
  // Creating a refund past validation would start its workflow; its replays are tested on the real stack.
  const replayCells = Object.entries(ROUTES).filter(
    ([route, spec]) => spec.idempotency && route !== 'POST /v1/payments/{id}/refunds',
  );

  it.each(replayCells)(
    '%s: a stored answer replays to its caller only, with Idempotent-Replayed: true',
    async (route, spec) => {
      const caller = spec.access === 'admin' ? 'admin' : 'non_admin';
      const request = { ...spec.request(seed), headers: { 'idempotency-key': randomUUID() } };
      if (route in REACHES_HANDLER) request.json = REACHES_HANDLER[route];
      const first = await send(request, caller);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      // As if that first answer had been a success: the row the handler keyed is completed with a stored answer.
      const stored = { stored: route };
      const completed = await h.database.db
        .update(idempotencyKeys)
        .set({ responseStatus: 200, responseBody: stored })
        .where(eq(idempotencyKeys.key, request.headers['idempotency-key']))
        .returning();
      expect(completed, `${route} recorded no key`).toHaveLength(1);
      const replay = await send(request, caller);
      expect([replay.status < 300, replay.headers.get('idempotent-replayed'), await body(replay)]).toEqual([
        true,
        'true',
        stored,
      ]);
      // The same key from anyone else is their own request: never the stored answer.
      for (const other of ['admin', 'non_admin', 'another_user'] as const) {
        if (other === caller) continue;
        const res = await send(request, other);
        expect([other, res.headers.get('idempotent-replayed')]).toEqual([other, null]);
        expect(await res.text()).not.toContain(route);
      }
    },
  );

  it("approving one's own refund is 403 approval_requires_second_operator; another operator gets past that rule", async () => {
    const ownRefund = `ref_own_${randomUUID().slice(0, 8)}`;
    await h.database.db.insert(refunds).values({
      id: ownRefund,
      paymentId: seed.paymentId,
      amount: 100,
      currency: 'RUB',
      status: 'awaiting_approval',
      reason: 'maker-checker',
      idempotencyKey: ownRefund,
      requestedBy: 'op-matrix',
    });
    const approve = { method: 'POST', path: `/v1/refunds/${ownRefund}/approve`, json: {} };
    const self = await send(approve, 'admin');
    expect([self.status, (await body(self)).error.code]).toEqual([403, 'approval_requires_second_operator']);
    expect((await send(approve, 'non_admin')).status).toBe(403);
    const other = await h.app.request(approve.path, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await h.token('op-checker', { admin: true })}`,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    // No worker and no workflow here: past the maker-checker rule, the refund is simply not decidable (409).
    expect([other.status, (await body(other)).error.code]).toEqual([409, 'invalid_state']);
    const [row] = await h.database.db.select().from(refunds).where(eq(refunds.id, ownRefund));
    expect(row).toMatchObject({ status: 'awaiting_approval', decidedBy: null });
  });
});
