// The YooKassa sandbox's real notifications, read by the adapter: each lifecycle step becomes our action, a
// resent (replayed) notification keeps its dedupe key, and the adapter's reply ends the sandbox's retries.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcquirerNotification } from '../../acquiring/provider.js';
import { createYooKassaProvider, type YooKassaProvider } from '../../acquiring/yookassa/provider.js';
import { type RunningSandbox, startSandbox } from '../../sandbox/server.js';
import { plainHeaders, type Receiver, startReceiver } from './support/receiver.js';
import { waitFor } from './support/wait.js';

const SHOP = { shopId: '700702', secretKey: 'test_yookassa_notifications_key' };
let sandbox: RunningSandbox;
let receiver: Receiver;
let provider: YooKassaProvider;

async function control(path: string, body?: unknown) {
  const response = await fetch(`${sandbox.url}/yookassa/_sandbox${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  if (!response.ok) throw new Error(`POST ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

beforeAll(async () => {
  // Every notification is answered with the adapter's own acknowledgement.
  receiver = await startReceiver(() => {
    const reply = provider.acknowledgeNotification({
      action: 'ignored',
      providerTransactionId: '',
      dedupeKey: '',
      raw: null,
    });
    return { status: reply.status, body: reply.body };
  });
  sandbox = await startSandbox({
    port: 0,
    publicId: 'unused',
    apiSecret: 'unused',
    timeScale: 0.0001,
    yookassa: { ...SHOP, notifyUrl: `${receiver.url}/notification` },
  });
  provider = createYooKassaProvider({ ...SHOP, apiUrl: `${sandbox.url}/yookassa/v3`, defaultReturnUrl: 'http://r' });
});
afterAll(async () => {
  await sandbox?.close();
  await receiver?.close();
});

/** Every notification received about `objectId`, verified by the adapter, in arrival order. */
async function notificationsOf(objectId: string, count: number): Promise<AcquirerNotification[]> {
  const verified: AcquirerNotification[] = [];
  for (const r of receiver.received) {
    const result = await provider.verifyNotification({
      route: 'notification',
      rawBody: r.rawBody,
      headers: plainHeaders(r.headers),
      sourceIp: '127.0.0.1',
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.authenticity).toBe('unsigned');
    if (result.notification.providerTransactionId === objectId) verified.push(result.notification);
  }
  return verified.length >= count ? verified : [];
}
const waitForNotifications = (objectId: string, count: number) =>
  waitFor(async () => {
    const found = await notificationsOf(objectId, count);
    return found.length > 0 ? found : undefined;
  }, `${count} notification(s) of ${objectId}`);

const ids = () => {
  const id = randomUUID();
  return { paymentId: `pay_${id}`, idempotencyKey: `key_${id}`, invoiceId: `inv_${id}`, accountId: `acc_${id}` };
};
const chargeCard = async (card: string, capture: boolean) =>
  provider.chargeCard({
    ...ids(),
    amount: 49_900,
    currency: 'RUB',
    capture,
    ipAddress: '127.0.0.1',
    returnUrl: 'http://r/3ds',
    cryptogram: (await control('/payment-token', { cardNumber: card })).paymentToken as string,
  });

describe('YooKassa sandbox notifications through the adapter', () => {
  it('a hold, its capture and a refund notify payment_authorized, payment_captured and refund_succeeded with our ids', async () => {
    const held = await chargeCard('5555555555554444', false);
    const id = held.providerTransactionId ?? '';
    const call = { paymentId: held.paymentId ?? '', providerTransactionId: id, amount: 49_900, currency: 'RUB' };
    expect((await provider.capture({ ...call, idempotencyKey: `cap_${id}` })).outcome).toBe('succeeded');
    const refundId = `ref_${randomUUID()}`;
    const refund = await provider.refund({ ...call, idempotencyKey: `ref_${id}`, refundId, amount: 10_000 });
    const payment = await waitForNotifications(id, 2);
    expect(payment.map((n) => [n.action, n.state, n.paymentId, n.amount])).toEqual([
      ['payment_authorized', 'authorized', held.paymentId, 49_900],
      ['payment_captured', 'captured', held.paymentId, 49_900],
    ]);
    const [refunded] = await waitForNotifications(refund.providerTransactionId ?? '', 1);
    expect(refunded).toMatchObject({
      action: 'refund_succeeded',
      paymentTransactionId: id,
      paymentId: held.paymentId,
      refundId,
      amount: 10_000,
    });
  });

  it('a voided hold notifies payment_voided; a declined card notifies payment_declined with the decline', async () => {
    const held = await chargeCard('5555555555554444', false);
    const id = held.providerTransactionId ?? '';
    await provider.void({ paymentId: 'p', idempotencyKey: `void_${id}`, providerTransactionId: id });
    expect((await waitForNotifications(id, 2)).at(-1)).toMatchObject({ action: 'payment_voided', state: 'cancelled' });
    const declined = await chargeCard('5555555555554600', true);
    const [failed] = await waitForNotifications(declined.providerTransactionId ?? '', 1);
    expect(failed).toMatchObject({
      action: 'payment_declined',
      decline: { code: 'insufficient_funds', class: 'soft' },
    });
  });

  it('a resent notification (a replay) carries the same dedupe key, and each was acknowledged on the first attempt', async () => {
    const paid = await chargeCard('5555555555554444', true);
    const id = paid.providerTransactionId ?? '';
    const [first] = await waitForNotifications(id, 1);
    await control('/notifications/resend', { paymentId: id });
    const both = await waitForNotifications(id, 2);
    expect(both.map((n) => n.dedupeKey)).toEqual([first?.dedupeKey, first?.dedupeKey]);
    expect(first?.dedupeKey).toBe(`payment.succeeded:${id}:succeeded`);
    const log = (await (await fetch(`${sandbox.url}/yookassa/_sandbox/notifications`)).json()) as {
      items: { objectId: string; attempts: unknown[]; delivered: boolean }[];
    };
    for (const n of log.items.filter((i) => i.objectId === id))
      expect(n).toMatchObject({ delivered: true, attempts: [expect.anything()] });
  });
});
