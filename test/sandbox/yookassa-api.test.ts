// The YooKassa sandbox's API over real HTTP: credentials, Idempotence-Key, error bodies, payment creation and its
// validations, outcomes by test card, 3-D Secure through the controls.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  linkPayment,
  payByToken,
  rub,
  startYooKassaSandbox,
  YK_AUTH,
  type YooKassaTestSandbox,
} from './yookassa-support.js';

let sb: YooKassaTestSandbox;
beforeAll(async () => {
  sb = await startYooKassaSandbox();
});
afterAll(() => sb?.close());

const errorBody = (code: string, parameter?: string) => ({
  type: 'error',
  id: expect.any(String),
  code,
  description: expect.any(String),
  ...(parameter ? { parameter } : {}),
});

describe('YooKassa sandbox: transport', () => {
  it('wrong or missing Basic credentials answer 401 invalid_credentials', async () => {
    const wrong = `Basic ${Buffer.from('700700:nope').toString('base64')}`;
    const answer = await sb.api('GET', '/payments', undefined, { auth: wrong });
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject(errorBody('invalid_credentials'));
    expect((await sb.api('GET', '/payments', undefined, { auth: '' })).status).toBe(401);
  });

  it('a POST without Idempotence-Key, or with one over 64 characters, is a 400 naming the header', async () => {
    const body = { amount: rub('1.00'), payment_token: await sb.token('5555555555554444') };
    for (const key of [null, 'k'.repeat(65)]) {
      const answer = await sb.api('POST', '/payments', body, { key });
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject(errorBody('invalid_request', 'Idempotence-Key'));
    }
    expect(await sb.transactions()).toHaveLength(0);
  });

  it('the same key and body replay the first answer (one payment); the same key with another body is a 400', async () => {
    const key = randomUUID();
    const body = { amount: rub('10.00'), capture: true, payment_token: await sb.token('5555555555554444') };
    const first = await sb.api('POST', '/payments', body, { key });
    const { amount, ...rest } = body;
    const again = await sb.api('POST', '/payments', { ...rest, amount }, { key }); // keys in another order
    expect(first.status).toBe(200);
    expect(again.json).toEqual(first.json);
    const other = await sb.api('POST', '/payments', { ...body, amount: rub('11.00') }, { key });
    expect(other.status).toBe(400);
    expect(other.json).toMatchObject(errorBody('invalid_request', 'Idempotence-Key'));
    const mine = (await sb.transactions()).filter((t) => t.idempotence_key === key);
    expect(mine).toHaveLength(1);
  });

  it('concurrent requests with one key make one payment; every one gets its answer', async () => {
    const key = randomUUID();
    const body = { amount: rub('12.00'), capture: true, payment_token: await sb.token('5555555555554444') };
    const answers = await Promise.all(Array.from({ length: 5 }, () => sb.api('POST', '/payments', body, { key })));
    expect(new Set(answers.map((a) => a.json.id)).size).toBe(1);
    expect((await sb.transactions()).filter((t) => t.idempotence_key === key)).toHaveLength(1);
  });

  it('a POST body that is not JSON is a 415', async () => {
    const response = await fetch(`${sb.apiUrl}/payments`, {
      method: 'POST',
      headers: { authorization: YK_AUTH, 'idempotence-key': randomUUID(), 'content-type': 'text/plain' },
      body: 'amount=1',
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject(errorBody('invalid_request', 'Content-Type'));
  });

  it('the faults can aim at one route by its template: capture fails while the rest works', async () => {
    const own = await startYooKassaSandbox();
    try {
      await own.control('/faults', { errorRate: 1, paths: ['/payments/:id/capture'] });
      const held = (await payByToken(own, '5555555555554444', { capture: false })).json;
      expect(held.status).toBe('waiting_for_capture');
      expect((await own.api('POST', `/payments/${held.id}/capture`, {})).status).toBe(500);
      expect((await own.api('POST', `/payments/${held.id}/cancel`, {})).json.status).toBe('canceled');
    } finally {
      await own.close();
    }
  });

  it('an unknown payment id answers 404 not_found', async () => {
    const answer = await sb.api('GET', `/payments/${randomUUID()}`);
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject(errorBody('not_found'));
  });
});

describe('YooKassa sandbox: creating payments', () => {
  it.each([
    ['two payment sources', { payment_token: 'x', payment_method_data: { type: 'bank_card' } }, 'payment_method_id'],
    [
      'payment_method_id with a confirmation',
      { payment_method_id: 'x', confirmation: { type: 'redirect', return_url: 'https://a.example' } },
      'confirmation',
    ],
    ['a link payment without confirmation', { payment_method_data: { type: 'bank_card' } }, 'confirmation'],
    ['an amount value that is not a decimal string', { amount: { value: '4,99', currency: 'RUB' } }, 'amount.value'],
    [
      '17 metadata keys',
      { metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) },
      'metadata',
    ],
    ['a description over 128 characters', { description: 'd'.repeat(129) }, 'description'],
    ['an unknown payment token', { payment_token: 'nope' }, 'payment_token'],
    ['an unknown saved method', { payment_method_id: randomUUID() }, 'payment_method_id'],
  ])('400 invalid_request for %s', async (_, fields, parameter) => {
    const answer = await sb.api('POST', '/payments', { amount: rub('10.00'), capture: true, ...fields });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject(errorBody('invalid_request', parameter));
  });

  it('a receipt whose items do not add up to the amount is refused; one that does is kept as received', async () => {
    const receipt = (value: string, quantity: number | string) => ({
      customer: { email: 'anna@example.com' },
      items: [
        {
          description: 'Movix Pro',
          quantity,
          amount: rub(value),
          vat_code: 1,
          payment_subject: 'service',
          payment_mode: 'full_payment',
          measure: 'piece',
        },
      ],
    });
    const bad = await payByToken(sb, '5555555555554444', { receipt: receipt('400.00', 1) });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject(errorBody('invalid_request', 'receipt'));
    const good = await payByToken(sb, '5555555555554444', { receipt: receipt('249.50', '2.00') });
    expect(good.json).toMatchObject({ status: 'succeeded', receipt_registration: 'succeeded' });
    const stored = (await sb.transactions()).find((t) => t.id === good.json.id);
    expect(stored.receipt).toEqual(receipt('249.50', '2.00'));
  });

  it('a token of a non-3DS card: capture true → succeeded at once, with the card, metadata and an income amount', async () => {
    const answer = await payByToken(sb, '5555555555554444', { metadata: { billing_payment_id: 'bp_7' } });
    expect(answer.json).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{8}-000f-5000-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      status: 'succeeded',
      paid: true,
      amount: rub('499.00'),
      income_amount: rub('481.53'),
      captured_at: expect.any(String),
      refundable: true,
      refunded_amount: rub('0.00'),
      metadata: { billing_payment_id: 'bp_7' },
      test: true,
      payment_method: {
        type: 'bank_card',
        saved: false,
        title: 'Bank card *4444',
        card: { first6: '555555', last4: '4444', card_type: 'MasterCard' },
      },
      authorization_details: { three_d_secure: { applied: false } },
    });
  });

  it('capture false → waiting_for_capture with expires_at 7 days on; save_payment_method marks the method saved', async () => {
    const answer = await payByToken(sb, '4111111111111111', { capture: false, save_payment_method: true });
    expect(answer.json).toMatchObject({ status: 'waiting_for_capture', paid: true, refundable: false });
    const days = (Date.parse(answer.json.expires_at) - Date.parse(answer.json.created_at)) / 86_400_000;
    expect(days).toBeCloseTo(7, 3);
    expect(answer.json.payment_method).toMatchObject({ saved: true, status: 'active' });
  });

  it.each([
    ['5555555555554600', 'insufficient_funds', 'payment_network'],
    ['4141435412630840', 'card_expired', 'payment_network'],
    ['2201382000000047', 'payment_method_restricted', 'payment_network'],
    ['5555555555554584', 'country_forbidden', 'yoo_money'],
    ['4119098878796485', 'fraud_suspected', 'yoo_money'],
  ])('test card %s is declined: canceled with %s by %s', async (card, reason, party) => {
    const answer = await payByToken(sb, card);
    expect(answer.json).toMatchObject({ status: 'canceled', paid: false, cancellation_details: { reason, party } });
  });

  it('a 3-DS card stays pending with a confirmation_url until the confirm control answers; success → succeeded', async () => {
    const answer = await payByToken(sb, '5555555555554477', {
      confirmation: { type: 'redirect', return_url: 'https://app.example/r' },
    });
    expect(answer.json).toMatchObject({
      status: 'pending',
      paid: false,
      confirmation: { type: 'redirect', confirmation_url: `${sb.url}/yookassa/checkout/${answer.json.id}` },
    });
    const done = await sb.control(`/payments/${answer.json.id}/confirm`, { result: 'success' });
    expect(done).toMatchObject({ status: 'succeeded', authorization_details: { three_d_secure: { applied: true } } });
    expect((await sb.api('GET', `/payments/${answer.json.id}`)).json.status).toBe('succeeded');
  });

  it('3-D Secure failed by the payer, or a 3d_secure_failed test card whatever is answered → canceled 3d_secure_failed', async () => {
    for (const [card, result] of [
      ['4793128161644804', 'fail'],
      ['5555555555554592', 'success'],
    ] as const) {
      const { json } = await payByToken(sb, card);
      expect(json.status).toBe('pending');
      const done = await sb.control(`/payments/${json.id}/confirm`, { result });
      expect(done.cancellation_details).toEqual({ party: 'payment_network', reason: '3d_secure_failed' });
    }
  });

  it('a card outside the test table (4242…) asks for 3-D Secure, then pays', async () => {
    const { json } = await payByToken(sb, '4242424242424242');
    expect(json.status).toBe('pending');
    const done = await sb.control(`/payments/${json.id}/confirm`, { result: 'success' });
    expect(done).toMatchObject({ status: 'succeeded', payment_method: { card: { card_type: 'Visa' } } });
  });

  it('confirmation.enforce asks for 3-D Secure even for a non-3DS card', async () => {
    const { json } = await payByToken(sb, '5555555555554444', {
      confirmation: { type: 'redirect', return_url: 'https://app.example/r', enforce: true },
    });
    expect(json.status).toBe('pending');
  });

  it('the pay control pays a pending link payment with a 3-DS card, passing 3-D Secure', async () => {
    const { json } = await linkPayment(sb);
    expect(json).toMatchObject({ status: 'pending', payment_method: { type: 'bank_card', saved: false } });
    const paid = await sb.control(`/payments/${json.id}/pay`, { cardNumber: '2200000000000004' });
    expect(paid).toMatchObject({ status: 'succeeded', payment_method: { card: { last4: '0004', card_type: 'Mir' } } });
  });
});
