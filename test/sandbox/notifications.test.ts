// Notifications as the sandbox sends them: signed form posts, Check before authorising, retries on
// the compressed real schedule, faults on delivery.
import { createHmac, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { decodedForSignature } from '../../acquiring/cloudpayments/signature.js';
import { RETRY_MINUTES, retryDelayMs } from '../../sandbox/notifier.js';
import { type Received, type Reply, startReceiver } from '../acquiring/support/receiver.js';
import { waitFor } from '../acquiring/support/wait.js';
import { API_SECRET, startTestSandbox, type TestSandbox } from './support.js';

const TIME_SCALE = 0.0005; // one "minute" = 30 ms
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function setup(reply?: Reply, options: { timeScale?: number } = {}) {
  const receiver = await startReceiver(reply);
  const sb = await startTestSandbox({ notifyUrl: receiver.url, timeScale: options.timeScale ?? TIME_SCALE });
  closers.push(
    () => sb.close(),
    () => receiver.close(),
  );
  return { receiver, sb };
}

const params = (r: Received) => Object.fromEntries(new URLSearchParams(r.rawBody.toString('utf8')));
const sign = (bytes: Buffer | string) => createHmac('sha256', API_SECRET).update(bytes).digest('base64');

async function pay(sb: TestSandbox, card = '4000000000003055', extra: Record<string, unknown> = {}) {
  const body = {
    Amount: 10,
    IpAddress: '1',
    CardCryptogramPacket: await sb.cryptogram(card),
    InvoiceId: `inv_${randomUUID()}`,
    AccountId: 'acc',
    Description: 'Оплата заказа №1',
    ...extra,
  };
  return (await sb.api('/payments/cards/charge', body)).json;
}

describe('sandbox notifications', () => {
  it('a successful charge sends check (before authorising) then pay, form-urlencoded to <notifyUrl>/<kind>, both HMAC headers valid', async () => {
    const { receiver, sb } = await setup();
    const answer = await pay(sb);
    const paid = await waitFor(() => receiver.received.find((r) => r.kind === 'pay'), 'the pay notification');
    const check = receiver.received.find((r) => r.kind === 'check');
    expect(check?.at).toBeLessThanOrEqual(paid.at);
    expect(check && params(check)).toMatchObject({
      TransactionId: String(answer.Model.TransactionId),
      Status: 'Completed',
      OperationType: 'Payment',
    });
    for (const r of [check, paid] as Received[]) {
      expect(r.path).toBe(`/hooks/${r.kind}`);
      expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(r.headers['content-hmac']).toBe(sign(r.rawBody));
      expect(r.headers['x-content-hmac']).toBe(sign(Buffer.from(decodedForSignature(r.rawBody))));
    }
    expect(paid.rawBody.toString()).toContain('Description=%D0%9E%D0%BF%D0%BB%D0%B0%D1%82%D0%B0');
    expect(params(paid)).toMatchObject({
      TransactionId: String(answer.Model.TransactionId),
      Amount: '10.00',
      Currency: 'RUB',
      Status: 'Completed',
      OperationType: 'Payment',
      CardFirstSix: '400000',
      CardLastFour: '3055',
      CardType: 'Visa',
      CardExpDate: '12/35',
      TestMode: '1',
      Token: answer.Model.Token,
      DateTime: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      Description: 'Оплата заказа №1',
    });
  });

  it('a declined charge sends fail with ReasonCode and Reason', async () => {
    const { receiver, sb } = await setup();
    await pay(sb, '4000056655665556');
    const fail = await waitFor(() => receiver.received.find((r) => r.kind === 'fail'), 'the fail notification');
    expect(params(fail)).toMatchObject({ ReasonCode: '5051', Reason: 'InsufficientFunds', OperationType: 'Payment' });
  });

  it.each([
    [10, 3001],
    [11, 3002],
    [12, 3003],
    [13, 3008],
    [20, 3004],
  ])(
    'a check answered {"code":%i} declines the payment with ReasonCode %i and sends fail',
    async (code, reasonCode) => {
      const { receiver, sb } = await setup((r) => ({
        status: 200,
        body: JSON.stringify({ code: r.kind === 'check' ? code : 0 }),
      }));
      const answer = await pay(sb);
      expect(answer).toMatchObject({ Success: false, Model: { Status: 'Declined', ReasonCode: reasonCode } });
      await waitFor(() => receiver.received.find((r) => r.kind === 'fail'), 'the fail notification');
      expect(receiver.received.some((r) => r.kind === 'pay')).toBe(false);
    },
  );

  it('an unreachable check receiver declines with 3007; an answer that is not JSON declines with 3005', async () => {
    const { sb } = await setup((r) =>
      r.kind === 'check' ? { status: 200, body: 'OK' } : { status: 200, body: '{"code":0}' },
    );
    expect((await pay(sb)).Model.ReasonCode).toBe(3005);
    const nowhere = await startTestSandbox({ notifyUrl: 'http://127.0.0.1:9/hooks' });
    closers.push(() => nowhere.close());
    expect((await pay(nowhere)).Model.ReasonCode).toBe(3007);
  });

  it('an undelivered pay is retried on the 1, 2, 5 minute schedule (time-scaled) until {"code":0}', async () => {
    const { receiver, sb } = await setup((r, nth) => ({
      status: r.kind === 'pay' && nth < 4 ? 500 : 200,
      body: '{"code":0}',
    }));
    await pay(sb);
    await waitFor(() => receiver.received.filter((r) => r.kind === 'pay').length === 4, 'four pay attempts');
    const times = receiver.received.filter((r) => r.kind === 'pay').map((r) => r.at);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    for (const [i, minutes] of RETRY_MINUTES.slice(0, 3).entries()) {
      expect(gaps[i]).toBeGreaterThanOrEqual(minutes * 60_000 * TIME_SCALE - 5);
    }
    const log = await waitFor(
      async () =>
        (await sb.notifications()).find((n: { kind: string; delivered: boolean }) => n.kind === 'pay' && n.delivered),
      'the log to show delivery',
    );
    expect(log.attempts.map((a: { status: number }) => a.status)).toEqual([500, 500, 500, 200]);
  });

  it('a reply with a non-zero code counts as undelivered and is retried', async () => {
    const { receiver, sb } = await setup((r, nth) => ({
      status: 200,
      body: JSON.stringify({ code: r.kind === 'pay' && nth === 1 ? 13 : 0 }),
    }));
    await pay(sb);
    await waitFor(() => receiver.received.filter((r) => r.kind === 'pay').length === 2, 'a second pay attempt');
  });

  it('dropNotificationRate 1 sends nothing (attempts logged as dropped); after clearing, the retry delivers', async () => {
    const { receiver, sb } = await setup();
    await sb.control('/faults', { dropNotificationRate: 1 });
    await pay(sb);
    await waitFor(
      async () =>
        (await sb.notifications()).some(
          (n: { kind: string; attempts: { dropped?: boolean }[] }) => n.kind === 'pay' && n.attempts.length >= 2,
        ),
      'two dropped attempts',
    );
    expect(receiver.received.some((r) => r.kind === 'pay')).toBe(false);
    await sb.control('/faults', undefined, 'DELETE');
    await waitFor(() => receiver.received.find((r) => r.kind === 'pay'), 'the pay notification after clearing');
  });

  it('duplicateNotificationRate 1 delivers the same pay twice with identical bytes', async () => {
    const { receiver, sb } = await setup();
    await sb.control('/faults', { duplicateNotificationRate: 1 });
    await pay(sb);
    const pays = await waitFor(() => {
      const found = receiver.received.filter((r) => r.kind === 'pay');
      return found.length === 2 ? found : undefined;
    }, 'two pay deliveries');
    expect(pays[0]?.rawBody.equals(pays[1]?.rawBody ?? Buffer.alloc(0))).toBe(true);
  });

  it('confirm, refund and cancel notifications follow their operations', async () => {
    const { receiver, sb } = await setup();
    const held = await (async () => {
      const body = {
        Amount: 10,
        IpAddress: '1',
        CardCryptogramPacket: await sb.cryptogram('4000000000003055'),
        InvoiceId: 'held',
      };
      return (await sb.api('/payments/cards/auth', body)).json.Model.TransactionId;
    })();
    await sb.api('/payments/confirm', { TransactionId: held, Amount: 10 });
    const refund = await sb.api('/payments/refund', { TransactionId: held, Amount: 4 });
    const other = await sb.api('/payments/cards/auth', {
      Amount: 5,
      IpAddress: '1',
      CardCryptogramPacket: await sb.cryptogram('4000000000003055'),
    });
    await sb.api('/payments/void', { TransactionId: other.json.Model.TransactionId });
    const byKind = (kind: string) =>
      waitFor(() => receiver.received.find((r) => r.kind === kind), `the ${kind} notification`);
    expect(params(await byKind('confirm'))).toMatchObject({
      TransactionId: String(held),
      Status: 'Completed',
      Amount: '10.00',
    });
    expect(params(await byKind('refund'))).toMatchObject({
      TransactionId: String(refund.json.Model.TransactionId),
      PaymentTransactionId: String(held),
      Amount: '4.00',
      OperationType: 'Refund',
    });
    expect(params(await byKind('cancel'))).toMatchObject({
      TransactionId: String(other.json.Model.TransactionId),
      Amount: '5.00',
    });
  });

  it('the retry schedule is 1, 2, 5, 10, 30 minutes and then every 30 minutes, times the scale', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => retryDelayMs(n, 1) / 60_000)).toEqual([1, 2, 5, 10, 30, 30, 30]);
    expect(retryDelayMs(1, 0.001)).toBe(60);
  });
});
