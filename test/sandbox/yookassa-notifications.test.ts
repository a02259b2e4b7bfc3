// The YooKassa sandbox's notifications to a local receiver: JSON bodies, retries after a non-200 on YooKassa's
// compressed schedule, duplicate/drop/reorder/delay faults, and the resend control.
import { afterEach, describe, expect, it } from 'vitest';
import { RETRY_OFFSETS_SECONDS, retryDelayMs } from '../../sandbox/yookassa/notifier.js';
import { type Received, type Reply, startReceiver } from '../acquiring/support/receiver.js';
import { waitFor } from '../acquiring/support/wait.js';
import { payByToken, rub, startYooKassaSandbox } from './yookassa-support.js';

const TIME_SCALE = 0.001; // YooKassa's 10 s first retry = 10 ms
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function setup(reply?: Reply) {
  const receiver = await startReceiver(reply);
  const sb = await startYooKassaSandbox({ notifyUrl: `${receiver.url}/yookassa` }, { timeScale: TIME_SCALE });
  closers.push(
    () => sb.close(),
    () => receiver.close(),
  );
  return { receiver, sb };
}
const body = (r: Received) => JSON.parse(r.rawBody.toString('utf8'));
const events = (received: Received[]) => received.map((r) => `${body(r).event}:${body(r).object.id}`);

describe('YooKassa sandbox notifications', () => {
  it('a one-stage payment sends only payment.succeeded: unsigned JSON with the whole object', async () => {
    const { receiver, sb } = await setup();
    const { json } = await payByToken(sb, '5555555555554444', { metadata: { billing_payment_id: 'bp_9' } });
    const got = await waitFor(() => receiver.received[0], 'the notification');
    expect(got.path).toBe('/hooks/yookassa');
    expect(got.headers['content-type']).toBe('application/json');
    expect(body(got)).toEqual({ type: 'notification', event: 'payment.succeeded', object: json });
    expect(body(got).object.metadata).toEqual({ billing_payment_id: 'bp_9' });
    await waitFor(async () => (await sb.notifications())[0]?.delivered, 'delivered in the log');
    expect(receiver.received).toHaveLength(1);
  });

  it('a hold notifies waiting_for_capture, its capture succeeded, a refund refund.succeeded, a cancel canceled', async () => {
    const { receiver, sb } = await setup();
    const held = (await payByToken(sb, '5555555555554444', { capture: false })).json;
    await sb.api('POST', `/payments/${held.id}/capture`, {});
    const refund = (await sb.api('POST', '/refunds', { payment_id: held.id, amount: rub('1.00') })).json;
    const other = (await payByToken(sb, '5555555555554444', { capture: false })).json;
    await sb.api('POST', `/payments/${other.id}/cancel`, {});
    await waitFor(() => receiver.received.length >= 5, 'five notifications');
    expect(new Set(events(receiver.received))).toEqual(
      new Set([
        `payment.waiting_for_capture:${held.id}`,
        `payment.succeeded:${held.id}`,
        `refund.succeeded:${refund.id}`,
        `payment.waiting_for_capture:${other.id}`,
        `payment.canceled:${other.id}`,
      ]),
    );
  });

  it('a non-200 answer is retried on the compressed schedule until a 200', async () => {
    const { receiver, sb } = await setup((_, nth) =>
      nth < 3 ? { status: 500, body: 'no' } : { status: 200, body: '' },
    );
    await payByToken(sb, '5555555555554444');
    const log = await waitFor(async () => (await sb.notifications()).find((n) => n.delivered), 'delivery', 5000);
    expect(log.attempts.map((a: { status: number }) => a.status)).toEqual([500, 500, 200]);
    expect(receiver.received).toHaveLength(3);
    const [a = 0, b = 0, c = 0] = receiver.received.map((r) => r.at);
    expect(b - a).toBeGreaterThanOrEqual(retryDelayMs(1, TIME_SCALE) ?? 0);
    expect(c - b).toBeGreaterThanOrEqual(retryDelayMs(2, TIME_SCALE) ?? 0);
    expect(retryDelayMs(RETRY_OFFSETS_SECONDS.length + 1, 1)).toBeUndefined();
  });

  it('duplicateNotificationRate 1 delivers each notification twice, with the same body', async () => {
    const { receiver, sb } = await setup();
    await sb.control('/faults', { duplicateNotificationRate: 1 });
    await payByToken(sb, '5555555555554444');
    await waitFor(() => receiver.received.length === 2, 'the duplicate');
    expect(receiver.received[0]?.rawBody.equals(receiver.received[1]?.rawBody ?? Buffer.alloc(0))).toBe(true);
    expect((await sb.notifications())[0]).toMatchObject({ delivered: true, duplicated: true });
  });

  it('a dropped attempt is never sent and is retried: once the drop fault is cleared, it arrives', async () => {
    const { receiver, sb } = await setup();
    await sb.control('/faults', { dropNotificationRate: 1 });
    await payByToken(sb, '5555555555554444');
    await waitFor(async () => (await sb.notifications())[0]?.attempts.length >= 2, 'two dropped attempts');
    expect(receiver.received).toHaveLength(0);
    await sb.control('/faults', undefined, 'DELETE');
    await waitFor(() => receiver.received.length === 1, 'the delivery after the fault is cleared', 5000);
    const [entry] = await sb.notifications();
    expect(entry.attempts.filter((a: { dropped?: boolean }) => a.dropped).length).toBeGreaterThanOrEqual(2);
  });

  it('reorderNotifications delivers a later status change before the earlier one', async () => {
    const { receiver, sb } = await setup();
    await sb.control('/faults', { reorderNotifications: true });
    const held = (await payByToken(sb, '5555555555554444', { capture: false })).json;
    await sb.api('POST', `/payments/${held.id}/capture`, {});
    await waitFor(() => receiver.received.length === 2, 'both notifications');
    expect(events(receiver.received)).toEqual([
      `payment.succeeded:${held.id}`,
      `payment.waiting_for_capture:${held.id}`,
    ]);
  });

  it('notificationDelayMs holds the first attempt back', async () => {
    const { receiver, sb } = await setup();
    await sb.control('/faults', { notificationDelayMs: 150 });
    const started = Date.now();
    await payByToken(sb, '5555555555554444');
    const got = await waitFor(() => receiver.received[0], 'the delayed notification');
    expect(got.at - started).toBeGreaterThanOrEqual(150);
  });

  it('the resend control replays the payment’s last notification, byte for byte', async () => {
    const { receiver, sb } = await setup();
    const { json } = await payByToken(sb, '5555555555554444');
    await waitFor(() => receiver.received.length === 1, 'the first notification');
    const resent = await sb.control('/notifications/resend', { paymentId: json.id });
    expect(resent).toMatchObject({ event: 'payment.succeeded', objectId: json.id, resent: true });
    await waitFor(() => receiver.received.length === 2, 'the replay');
    expect(receiver.received[1]?.rawBody.equals(receiver.received[0]?.rawBody ?? Buffer.alloc(0))).toBe(true);
  });
});
