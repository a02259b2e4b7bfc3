import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../api/create-app.js';
import { auditLog, idempotencyKeys, plans, refunds, subscriptions } from '../../db/schema/index.js';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';
import { type Seed, seedOwnerData } from './security-routes.js';

/** Requests that must be refused with a clean 4xx and an error code, before anything is written. */
describe('bad requests change nothing', () => {
  let h: Harness;
  let seed: Seed;
  let user: string;
  let admin: string;
  const rowCounts = async () => {
    const db = h.database.db;
    const n = async (table: typeof plans | typeof subscriptions | typeof refunds | typeof idempotencyKeys) =>
      (await db.select({ n: count() }).from(table))[0]?.n;
    const audit = (await db.select({ n: count() }).from(auditLog))[0]?.n;
    return {
      plans: await n(plans),
      subscriptions: await n(subscriptions),
      refunds: await n(refunds),
      idempotencyKeys: await n(idempotencyKeys),
      audit,
    };
  };

  beforeAll(async () => {
    h = await startHarness({}, { worker: false });
    seed = await seedOwnerData(h.database.db);
    user = `Bearer ${await h.token('carol')}`;
    admin = `Bearer ${await h.token('op', { admin: true })}`;
  });
  afterAll(async () => {
    await h?.close();
  });

  const json = { 'content-type': 'application/json' };
  const cases: Array<[string, () => [path: string, init: RequestInit], status: number, code: string]> = [
    [
      'malformed JSON to POST /v1/subscriptions',
      () => [
        '/v1/subscriptions',
        { headers: { ...json, 'idempotency-key': 'k1', authorization: user }, body: '{"planId":' },
      ],
      400,
      'malformed_json',
    ],
    [
      'wrong types to POST /v1/subscriptions',
      () => [
        '/v1/subscriptions',
        {
          headers: { ...json, 'idempotency-key': 'k2', authorization: user },
          body: JSON.stringify({ planId: 42, payment: { method: 'card_cryptogram', cryptogram: 7 } }),
        },
      ],
      400,
      'validation_failed',
    ],
    [
      'an unknown field to POST /v1/subscriptions (schemas are strict)',
      () => [
        '/v1/subscriptions',
        {
          headers: { ...json, 'idempotency-key': 'k3', authorization: user },
          body: JSON.stringify({ planId: 'monthly', cardHolder: 'CAROL' }),
        },
      ],
      400,
      'validation_failed',
    ],
    [
      'a missing Idempotency-Key to POST /v1/subscriptions',
      () => ['/v1/subscriptions', { headers: { ...json, authorization: user }, body: '{"planId":"monthly"}' }],
      400,
      'validation_failed',
    ],
    [
      'a missing Idempotency-Key to POST /v1/payments/{id}/refunds',
      () => [
        `/v1/payments/${seed.paymentId}/refunds`,
        { headers: { ...json, authorization: admin }, body: '{"reason":"test"}' },
      ],
      400,
      'validation_failed',
    ],
    [
      `a body over ${MAX_BODY_BYTES} bytes to POST /v1/subscriptions`,
      () => [
        '/v1/subscriptions',
        {
          headers: { ...json, 'idempotency-key': 'k4', authorization: user },
          body: JSON.stringify({ planId: 'monthly', returnUrl: `https://x.example/${'a'.repeat(MAX_BODY_BYTES)}` }),
        },
      ],
      413,
      'payload_too_large',
    ],
    [
      'a card number in a JSON body',
      () => [
        '/v1/subscriptions',
        {
          headers: { ...json, 'idempotency-key': 'k5', authorization: user },
          body: JSON.stringify({ planId: 'monthly', payment: { method: 'payment_link' }, card: '4242 4242 4242 4242' }),
        },
      ],
      400,
      'pan_not_accepted',
    ],
    [
      'a card number passed as the cryptogram',
      () => [
        '/v1/subscriptions',
        {
          headers: { ...json, 'idempotency-key': 'k6', authorization: user },
          body: JSON.stringify({
            planId: 'monthly',
            payment: { method: 'card_cryptogram', cryptogram: '4000000000003055', ipAddress: '10.0.0.1' },
          }),
        },
      ],
      400,
      'pan_not_accepted',
    ],
    [
      'a card number in a form body (3-D Secure callback)',
      () => [
        '/v1/payments/3ds/callback',
        {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'MD=1&PaRes=x&CardNumber=4111+1111+1111+1111',
        },
      ],
      400,
      'pan_not_accepted',
    ],
    [
      'a card number in a plan name',
      () => [
        '/v1/plans',
        {
          headers: { ...json, authorization: admin },
          body: JSON.stringify({
            name: '5555555555554444',
            amount: 1,
            currency: 'RUB',
            period: { unit: 'month', count: 1 },
          }),
        },
      ],
      400,
      'pan_not_accepted',
    ],
  ];

  it.each(cases)('%s is %i %s and writes no row', async (_name, build, status, code) => {
    const before = await rowCounts();
    const [path, init] = build();
    const res = await h.app.request(path, { method: 'POST', ...init });
    expect(res.status).toBe(status);
    const error = (await body(res)).error;
    expect(error).toEqual({ code, message: expect.any(String), details: expect.any(Object) });
    expect(await rowCounts()).toEqual(before);
  });

  it('a refused card number is never echoed back, only where it was', async () => {
    const res = await h.app.request('/v1/subscriptions', {
      method: 'POST',
      headers: { ...json, 'idempotency-key': 'k7', authorization: user },
      body: JSON.stringify({ planId: 'monthly', note: 'card 4242424242424242' }),
    });
    const text = await res.text();
    expect(text).not.toContain('4242424242424242');
    expect(JSON.parse(text).error.details.fields).toEqual([{ path: 'json.note', message: 'looks like a card number' }]);
  });

  // 1718000000006: a 13-digit, Luhn-valid number, like the acquirer's transaction ids (milliseconds since 1970).
  it("the acquirer's transaction ids are ids, not cards: MD of the 3-D Secure return, TransactionId of a webhook", async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const callback = await h.app.request('/v1/payments/3ds/callback', {
      method: 'POST',
      headers: form,
      body: 'MD=1718000000006&PaRes=abc',
    });
    expect([callback.status, (await body(callback)).error.code]).toEqual([404, 'payment_not_found']);
    const webhook = await h.app.request('/webhooks/cloudpayments/pay', {
      method: 'POST',
      headers: form,
      body: 'TransactionId=1718000000006&PaymentTransactionId=1718000000006&AccountId=1718000000006&Amount=1',
    });
    expect([webhook.status, (await body(webhook)).error.code]).toEqual([401, 'invalid_signature']);
  });

  it('a cryptogram whose clear prefix is a long digit run is accepted as a cryptogram, not taken for a card', async () => {
    const cryptogram = `01424242424230120${'1'.repeat(3)}AbCdEf+/`.padEnd(80, 'Q');
    const res = await h.app.request('/v1/subscriptions', {
      method: 'POST',
      headers: { ...json, 'idempotency-key': 'k8', authorization: user },
      body: JSON.stringify({
        planId: 'no-such-plan',
        payment: { method: 'card_cryptogram', cryptogram, ipAddress: '10.0.0.1' },
      }),
    });
    expect([res.status, (await body(res)).error.code]).toEqual([404, 'plan_not_found']);
  });
});
