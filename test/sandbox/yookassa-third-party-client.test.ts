// A YooKassa client written by others (npm `@webzaytsev/yookassa-ts-sdk` v3), unchanged, pointed at the sandbox's
// /yookassa/v3 with the sandbox shop's credentials: create, read, capture, cancel, refund, list (its own cursor
// paging and bracketed filters), its error type, and its own notification parser over the sandbox's notifications.
import { CurrencyEnum, parseNotification, YooKassa, YooKassaErr, type YooKassaSdk } from '@webzaytsev/yookassa-ts-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../acquiring/support/receiver.js';
import { waitFor } from '../acquiring/support/wait.js';
import { SECRET_KEY, SHOP_ID, startYooKassaSandbox, type YooKassaTestSandbox } from './yookassa-support.js';

let sb: YooKassaTestSandbox;
let receiver: Receiver;
let client: YooKassaSdk;
beforeAll(async () => {
  receiver = await startReceiver(() => ({ status: 200, body: '' }));
  sb = await startYooKassaSandbox({ notifyUrl: `${receiver.url}/yookassa` });
  client = YooKassa({ shop_id: SHOP_ID, secret_key: SECRET_KEY, endpoint: sb.apiUrl, retries: 0, maxRPS: 100 }, true);
});
afterAll(async () => {
  await sb?.close();
  await receiver?.close();
});

const amount = (value: string) => ({ value, currency: CurrencyEnum.RUB });

describe('third-party npm client `@webzaytsev/yookassa-ts-sdk` against the YooKassa sandbox', () => {
  it('creates a two-stage payment by token, reads it, captures part, refunds part', async () => {
    const created = await client.payments.create({
      amount: amount('499.00'),
      capture: false,
      payment_token: await sb.token('5555555555554444'),
      description: 'Movix Pro, 1 month',
      metadata: { billing_payment_id: 'bp_sdk_1' },
    });
    expect(created).toMatchObject({
      status: 'waiting_for_capture',
      paid: true,
      metadata: { billing_payment_id: 'bp_sdk_1' },
    });
    expect(await client.payments.load(created.id)).toEqual(created);
    const captured = await client.payments.capture(created.id, { amount: amount('400.00') });
    expect(captured).toMatchObject({ status: 'succeeded', amount: amount('400.00') });
    const refund = await client.refunds.create({ payment_id: created.id, amount: amount('150.00') });
    expect(refund).toMatchObject({ status: 'succeeded', payment_id: created.id, amount: amount('150.00') });
    expect(await client.refunds.load(refund.id)).toEqual(refund);
    expect((await client.refunds.list({ payment_id: created.id })).map((r) => r.id)).toEqual([refund.id]);
  });

  it('a link payment with redirect confirmation, paid through the control, reads back succeeded; a hold cancels', async () => {
    const link = await client.payments.create({
      amount: amount('99.00'),
      capture: true,
      payment_method_data: { type: 'bank_card' },
      confirmation: { type: 'redirect', return_url: 'https://app.example/return' },
    });
    expect(link.status).toBe('pending');
    expect(link.confirmation).toMatchObject({ confirmation_url: `${sb.url}/yookassa/checkout/${link.id}` });
    await sb.control(`/payments/${link.id}/pay`, { cardNumber: '5555555555554477' });
    expect((await client.payments.load(link.id)).status).toBe('succeeded');

    const held = await client.payments.create({
      amount: amount('1.00'),
      capture: false,
      payment_token: await sb.token('4111111111111111'),
    });
    const canceled = await client.payments.cancel(held.id);
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_details: { reason: 'canceled_by_merchant' } });
  });

  it('lists every payment through its own cursor paging, with a created_at filter', async () => {
    const since = new Date().toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const p = await client.payments.create({
        amount: amount('10.00'),
        capture: true,
        payment_token: await sb.token('5555555555554444'),
      });
      ids.push(p.id);
    }
    const listed = await client.payments.list({ created_at: { gte: since }, limit: 5 });
    expect(listed.map((p) => p.id)).toEqual([...ids].reverse());
  });

  it('an over-refund surfaces as its YooKassaErr with the sandbox’s description', async () => {
    const p = await client.payments.create({
      amount: amount('10.00'),
      capture: true,
      payment_token: await sb.token('5555555555554444'),
    });
    const error = await client.refunds.create({ payment_id: p.id, amount: amount('10.01') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(YooKassaErr);
    expect(error).toMatchObject({ name: 'invalid_request', message: 'Refund sum exceeded' });
  });

  it('its notification parser accepts what the sandbox sends', async () => {
    const p = await client.payments.create({
      amount: amount('5.00'),
      capture: true,
      payment_token: await sb.token('5555555555554444'),
    });
    const got = await waitFor(
      () => receiver.received.find((r) => r.rawBody.toString().includes(p.id)),
      'the notification for the payment',
    );
    const parsed = parseNotification(JSON.parse(got.rawBody.toString('utf8')));
    expect(parsed).toMatchObject({ type: 'notification', event: 'payment.succeeded', object: { id: p.id } });
  });
});
