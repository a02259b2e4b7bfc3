// YooKassa notifications (pure): parsing into our actions, route and source checks, and the acknowledgement.
import { describe, expect, it } from 'vitest';
import { createIpAllowlist } from '../../acquiring/yookassa/ip-allowlist.js';
import { createYooKassaProvider } from '../../acquiring/yookassa/provider.js';
import { verifyYooKassaNotification, yooKassaReply } from '../../acquiring/yookassa/webhook.js';

const paymentObject = (status: string, extra: Record<string, unknown> = {}) => ({
  id: 'pm_1',
  status,
  paid: status !== 'pending',
  amount: { value: '499.00', currency: 'RUB' },
  created_at: '2026-12-03T07:00:00.000Z',
  metadata: { paymentId: 'pay_1', invoiceId: 'inv_1', accountId: 'acc_1' },
  payment_method: { type: 'bank_card', id: 'pm_1', saved: true, card: { last4: '4444' } },
  test: true,
  ...extra,
});
const request = (body: unknown, over: { route?: string; sourceIp?: string } = {}) => ({
  route: over.route ?? 'notification',
  rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  headers: { 'content-type': 'application/json' },
  sourceIp: over.sourceIp,
});
const notify = (event: string, object: unknown) => request({ type: 'notification', event, object });
const verify = (req: ReturnType<typeof request>) => verifyYooKassaNotification(req, undefined);

describe('YooKassa notifications → our actions', () => {
  it.each([
    ['payment.waiting_for_capture', 'waiting_for_capture', 'payment_authorized', 'authorized'],
    ['payment.succeeded', 'succeeded', 'payment_captured', 'captured'],
  ] as const)('%s is %s (state %s), unsigned, with our ids and card', (event, status, action, state) => {
    expect(verify(notify(event, paymentObject(status)))).toEqual({
      ok: true,
      authenticity: 'unsigned',
      notification: expect.objectContaining({
        action,
        state,
        providerTransactionId: 'pm_1',
        paymentId: 'pay_1',
        invoiceId: 'inv_1',
        accountId: 'acc_1',
        amount: 49_900,
        currency: 'RUB',
        token: 'pm_1',
        cardLastFour: '4444',
        testMode: true,
        dedupeKey: `${event}:pm_1:${status}`,
      }),
    });
  });

  it('payment.canceled with a card reason is payment_declined with the decline; by the merchant it is payment_voided', () => {
    const declined = verify(
      notify(
        'payment.canceled',
        paymentObject('canceled', { cancellation_details: { party: 'payment_network', reason: 'card_expired' } }),
      ),
    );
    expect(declined).toMatchObject({
      ok: true,
      notification: { action: 'payment_declined', decline: { code: 'card_expired', class: 'hard' } },
    });
    const voided = verify(
      notify(
        'payment.canceled',
        paymentObject('canceled', { cancellation_details: { party: 'merchant', reason: 'canceled_by_merchant' } }),
      ),
    );
    expect(voided).toMatchObject({ ok: true, notification: { action: 'payment_voided', state: 'cancelled' } });
  });

  it('refund.succeeded is refund_succeeded with the refund id, its payment and our refund id', () => {
    const refund = {
      id: 'rf_1',
      payment_id: 'pm_1',
      status: 'succeeded',
      amount: { value: '200.00', currency: 'RUB' },
      created_at: '2026-12-03T07:00:00.000Z',
      metadata: { paymentId: 'pay_1', refundId: 'ref_1' },
    };
    expect(verify(notify('refund.succeeded', refund))).toMatchObject({
      ok: true,
      authenticity: 'unsigned',
      notification: {
        action: 'refund_succeeded',
        providerTransactionId: 'rf_1',
        paymentTransactionId: 'pm_1',
        paymentId: 'pay_1',
        refundId: 'ref_1',
        amount: 20_000,
        dedupeKey: 'refund.succeeded:rf_1:succeeded',
      },
    });
  });

  it.each(['payment_method.active', 'payout.succeeded', 'something.new'])('%s is taken and ignored', (event) => {
    expect(verify(notify(event, { id: 'x_1', status: 'active' }))).toMatchObject({
      ok: true,
      notification: { action: 'ignored', providerTransactionId: 'x_1', dedupeKey: `${event}:x_1:active` },
    });
  });

  it.each([
    ['a body that is not JSON', request('type=notification')],
    ['a body that is no notification', request({ type: 'error', event: 'payment.succeeded', object: { id: '1' } })],
    ['an object without id', notify('payment.succeeded', {})],
    ['an event that contradicts the object', notify('payment.succeeded', paymentObject('pending'))],
    [
      'an amount with an unknown currency',
      notify('payment.succeeded', paymentObject('succeeded', { amount: { value: '1.00', currency: 'XYZ' } })),
    ],
  ])('%s is malformed', (_what, req) => {
    expect(verify(req)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('a notification on any route but /notification is unknown_route', () => {
    const req = request(
      { type: 'notification', event: 'payment.succeeded', object: paymentObject('succeeded') },
      { route: 'pay' },
    );
    expect(verify(req)).toMatchObject({ ok: false, reason: 'unknown_route' });
  });

  it('the acknowledgement is HTTP 200 with an empty JSON object', () => {
    expect(yooKassaReply()).toEqual({ status: 200, headers: { 'content-type': 'application/json' }, body: '{}' });
  });
});

describe('YooKassa notification sources', () => {
  const list = createIpAllowlist(['185.71.76.0/27', '77.75.156.11', '2a02:5180::/32']);
  it.each([
    ['185.71.76.0', true],
    ['185.71.76.31', true],
    ['185.71.76.32', false],
    ['77.75.156.11', true],
    ['77.75.156.12', false],
    ['::ffff:185.71.76.5', true],
    ['2a02:5180::1', true],
    ['2a02:5180:ffff::1', true],
    ['2a02:5181::1', false],
    ['not-an-ip', false],
    [undefined, false],
  ] as const)('%s allowed: %s', (ip, allowed) => {
    expect(list.allows(ip)).toBe(allowed);
  });

  it('"yookassa" stands for the published ranges', () => {
    const published = createIpAllowlist(['yookassa']);
    expect(published.allows('77.75.154.200')).toBe(true);
    expect(published.allows('8.8.8.8')).toBe(false);
  });

  it.each(['185.71.76.0/33', '300.1.1.1', '10.0.0.0/8/1', '2a02::/129', 'host.example'])(
    '%s fails at start-up',
    (entry) => {
      expect(() => createIpAllowlist([entry])).toThrow(RangeError);
    },
  );

  it('with notificationIps the provider refuses other sources as forbidden_source before reading the body', async () => {
    const options = { apiUrl: 'http://127.0.0.1:9', shopId: 's', secretKey: 'k', defaultReturnUrl: 'http://r' };
    const guarded = createYooKassaProvider({ ...options, notificationIps: ['185.71.76.0/27'] });
    const body = { type: 'notification', event: 'payment.succeeded', object: paymentObject('succeeded') };
    expect(await guarded.verifyNotification(request(body, { sourceIp: '10.1.1.1' }))).toMatchObject({
      ok: false,
      reason: 'forbidden_source',
    });
    expect(await guarded.verifyNotification(request('garbage'))).toMatchObject({
      ok: false,
      reason: 'forbidden_source',
    });
    expect(await guarded.verifyNotification(request(body, { sourceIp: '185.71.76.9' }))).toMatchObject({
      ok: true,
      authenticity: 'unsigned',
    });
    const open = createYooKassaProvider(options);
    expect(await open.verifyNotification(request(body, { sourceIp: '10.1.1.1' }))).toMatchObject({ ok: true });
    expect(open.notificationRoutes).toEqual(['notification']);
    expect(open.capabilities).toMatchObject({ preCheck: false, signedNotifications: false, cancelLink: false });
  });
});
