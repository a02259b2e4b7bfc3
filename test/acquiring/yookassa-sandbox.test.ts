// What only YooKassa has, over real HTTP to the YooKassa sandbox: receipts as received, exactly-once after a lost
// answer, capture retried with a new key, long idempotency keys, confirmation pages, revoked saved methods.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../../acquiring/receipt.js';
import { createYooKassaProvider, type YooKassaProvider } from '../../acquiring/yookassa/provider.js';
import { type RunningSandbox, startSandbox } from '../../sandbox/server.js';

const SHOP = { shopId: '700701', secretKey: 'test_yookassa_adapter_key' };
const RETURN_URL = 'http://127.0.0.1:9/checkout/return';
let sandbox: RunningSandbox;
let provider: YooKassaProvider;

async function control(path: string, body?: unknown, method = 'POST') {
  const response = await fetch(`${sandbox.url}/yookassa/_sandbox${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}
type LedgerItem = Record<string, unknown> & { id: string; kind: string; metadata?: Record<string, string> };
const ledger = async () => (await control('/transactions', undefined, 'GET')).items as LedgerItem[];
const entry = async (id: string | undefined) => (await ledger()).find((t) => t.id === id);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, publicId: 'unused', apiSecret: 'unused', yookassa: SHOP });
  provider = createYooKassaProvider({
    ...SHOP,
    apiUrl: `${sandbox.url}/yookassa/v3`,
    timeoutMs: 2_000,
    defaultReturnUrl: RETURN_URL,
  });
});
afterAll(async () => {
  await sandbox?.close();
});

const ids = () => {
  const id = randomUUID();
  return { paymentId: `pay_${id}`, idempotencyKey: `key_${id}`, invoiceId: `inv_${id}`, accountId: `acc_${id}` };
};
const receipt = (amount: number, kind: Receipt['kind'] = 'income'): Receipt => ({
  kind,
  customer: { email: 'anna@example.com', phone: '+7 900 123-45-67' },
  items: [
    {
      description: 'Movix Pro',
      quantity: 1,
      amount,
      currency: 'RUB',
      vat: '22',
      subject: 'service',
      mode: 'full_payment',
    },
  ],
});
const token = async (card = '5555555555554444') =>
  (await control('/payment-token', { cardNumber: card })).paymentToken as string;
async function savedMethod() {
  const input = { ...ids(), amount: 100, currency: 'RUB', ipAddress: '127.0.0.1', returnUrl: RETURN_URL };
  const paid = await provider.chargeCard({ ...input, cryptogram: await token() });
  expect(paid.token).toEqual(expect.any(String));
  return paid.token ?? '';
}
const renew = (method: string, extra: Partial<Parameters<YooKassaProvider['chargeToken']>[0]> = {}) =>
  provider.chargeToken({
    ...ids(),
    token: method,
    amount: 49_900,
    currency: 'RUB',
    initiator: 'merchant',
    scheduled: true,
    ...extra,
  });

describe('YooKassa adapter against the YooKassa sandbox', () => {
  it('receipts reach YooKassa in its wire format with the payment, the capture and the refund', async () => {
    const method = await savedMethod();
    const held = await renew(method, { capture: false, receipt: receipt(49_900) });
    expect(held).toMatchObject({ outcome: 'succeeded', state: 'authorized' });
    const id = held.providerTransactionId ?? '';
    const capture = { ...ids(), providerTransactionId: id, amount: 49_900, currency: 'RUB', receipt: receipt(49_900) };
    expect((await provider.capture(capture)).outcome).toBe('succeeded');
    const refund = await provider.refund({
      ...ids(),
      refundId: `ref_${randomUUID()}`,
      providerTransactionId: id,
      amount: 20_000,
      currency: 'RUB',
      receipt: receipt(20_000, 'income_return'),
    });
    expect(refund.outcome).toBe('succeeded');
    const wireItem = (value: string) => ({
      description: 'Movix Pro',
      quantity: 1,
      amount: { value, currency: 'RUB' },
      vat_code: 11,
      payment_subject: 'service',
      payment_mode: 'full_payment',
      measure: 'piece',
    });
    const customer = { email: 'anna@example.com', phone: '79001234567' };
    expect(await entry(id)).toMatchObject({
      receipt: { customer, items: [wireItem('499.00')] },
      capture_receipt: { customer, items: [wireItem('499.00')] },
    });
    expect(await entry(refund.providerTransactionId)).toMatchObject({
      receipt: { customer, items: [wireItem('200.00')] },
    });
  });

  it('a receipt whose items do not add up to the amount is refused, and nothing is charged', async () => {
    const method = await savedMethod();
    const input = { ...ids(), receipt: receipt(10_000) };
    expect(await renew(method, input)).toMatchObject({
      outcome: 'declined',
      decline: { code: 'request_rejected', class: 'hard' },
    });
    expect((await ledger()).some((t) => t.metadata?.invoiceId === input.invoiceId)).toBe(false);
  });

  it('an answer lost after the charge was made is unknown; the retry with the same key returns that charge, once', async () => {
    const method = await savedMethod();
    const input = ids();
    await control('/faults', { errorAfterCommitRate: 1 });
    const lost = await renew(method, input);
    await control('/faults', undefined, 'DELETE');
    expect(lost).toMatchObject({ outcome: 'unknown', failure: { kind: 'server_error', retryable: true } });
    const retried = await renew(method, input);
    expect(retried).toMatchObject({ outcome: 'succeeded', state: 'captured', paymentId: input.paymentId });
    expect((await ledger()).filter((t) => t.metadata?.invoiceId === input.invoiceId)).toHaveLength(1);
  });

  it('a capture retried with a new key after it succeeded is success; voiding a captured payment is refused', async () => {
    const held = await renew(await savedMethod(), { capture: false });
    const call = {
      paymentId: 'p',
      providerTransactionId: held.providerTransactionId ?? '',
      amount: 49_900,
      currency: 'RUB',
    };
    expect((await provider.capture({ ...call, idempotencyKey: `cap_${randomUUID()}` })).outcome).toBe('succeeded');
    expect((await provider.capture({ ...call, idempotencyKey: `cap_${randomUUID()}` })).outcome).toBe('succeeded');
    expect(await provider.void({ ...call, idempotencyKey: `void_${randomUUID()}` })).toMatchObject({
      outcome: 'declined',
      decline: { code: 'request_rejected' },
    });
  });

  it('an idempotency key over 64 characters is sent hashed and still deduplicates', async () => {
    const method = await savedMethod();
    const input = { ...ids(), idempotencyKey: `renewal:${randomUUID()}:${randomUUID()}:attempt-1` };
    const first = await renew(method, input);
    const second = await renew(method, input);
    expect(first.outcome).toBe('succeeded');
    expect(second.providerTransactionId).toBe(first.providerTransactionId);
    expect((await entry(first.providerTransactionId))?.idempotence_key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a 3-D Secure card charge sends the payer to the confirmation page and back to our return URL', async () => {
    const input = { ...ids(), amount: 100, currency: 'RUB', ipAddress: '127.0.0.1', returnUrl: `${RETURN_URL}?c=1` };
    const started = await provider.chargeCard({ ...input, cryptogram: await token('5555555555554477') });
    expect(started).toMatchObject({
      outcome: 'requires_action',
      challenge: { method: 'GET', url: expect.stringContaining('/yookassa/checkout/'), fields: {} },
    });
    const id = started.providerTransactionId ?? '';
    const again = { paymentId: input.paymentId, idempotencyKey: 'k', providerTransactionId: id, continuation: {} };
    expect(await provider.completeAuthentication(again)).toMatchObject({
      outcome: 'requires_action',
      challenge: started.challenge,
    });
    const page = await fetch(started.challenge?.url ?? '');
    expect(page.status).toBe(200);
    await control(`/payments/${id}/confirm`, { result: 'success' });
    expect(await provider.completeAuthentication(again)).toMatchObject({ outcome: 'succeeded', state: 'captured' });
  });

  it('a refund YooKassa cancels is declined with its reason, found declined by findRefund, and the next one succeeds', async () => {
    const paid = await renew(await savedMethod());
    const id = paid.providerTransactionId ?? '';
    await control(`/payments/${id}/refund-behavior`, { reason: 'rejected_by_payee', times: 1 });
    const call = { ...ids(), providerTransactionId: id, amount: 10_000, currency: 'RUB' };
    const refused = await provider.refund({ ...call, refundId: 'ref_refused' });
    expect(refused).toMatchObject({ outcome: 'declined', decline: { code: 'rejected_by_payee', class: 'hard' } });
    expect(await provider.findRefund({ paymentTransactionId: id, refundId: 'ref_refused' })).toMatchObject({
      status: 'found',
      payment: { outcome: 'declined', state: 'declined', providerTransactionId: refused.providerTransactionId },
    });
    const next = await provider.refund({ ...call, idempotencyKey: `${call.idempotencyKey}:2`, refundId: 'ref_ok' });
    expect(next.outcome).toBe('succeeded');
  });

  it('a revoked saved method is a hard permission_revoked decline, and stays revoked', async () => {
    const method = await savedMethod();
    await control(`/payment-methods/${method}/behavior`, { reason: 'permission_revoked', times: 1 });
    expect(await renew(method)).toMatchObject({
      outcome: 'declined',
      decline: { code: 'permission_revoked', class: 'hard', message: 'party: yoo_money' },
    });
    expect((await renew(method)).decline?.code).toBe('permission_revoked');
  });
});
