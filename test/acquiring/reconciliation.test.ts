// The adapter's list reading against scripted answers (a fake fetch): what the sandbox never sends — payouts,
// items without Type, ISO-only dates, refused requests, a failure in the middle of paging.
import { describe, expect, it } from 'vitest';
import { createdAtOf } from '../../acquiring/cloudpayments/list-mapper.js';
import { createCloudPaymentsProvider } from '../../acquiring/cloudpayments/provider.js';

type Answer = { status: number; body: unknown };
const FROM = new Date('2024-03-09T00:00:00.000Z');
const TO = new Date('2024-03-09T23:59:59.999Z');
const T0 = FROM.getTime() + 1_000;

function item(id: number, fields: Record<string, unknown> = {}) {
  return {
    TransactionId: id,
    Amount: 10.5,
    Currency: 'RUB',
    Status: 'Completed',
    Type: 0,
    CreatedDate: `/Date(${T0 + id})/`,
    JsonData: JSON.stringify({ paymentId: `pay_${id}` }),
    ...fields,
  };
}
const ok = (model: unknown[]): Answer => ({ status: 200, body: { Success: true, Message: null, Model: model } });
const page = (start: number, count: number) => ok(Array.from({ length: count }, (_, i) => item(start + i)));

function scripted(answers: Answer[]) {
  const requests: { path: string; body: Record<string, unknown> }[] = [];
  const fetch = (async (url: string | URL, init?: RequestInit) => {
    requests.push({ path: new URL(String(url)).pathname, body: JSON.parse(String(init?.body)) });
    const next = answers.shift() ?? { status: 500, body: 'no more answers scripted' };
    return new Response(typeof next.body === 'string' ? next.body : JSON.stringify(next.body), { status: next.status });
  }) as typeof globalThis.fetch;
  const provider = createCloudPaymentsProvider({
    apiUrl: 'http://acquirer.test',
    publicId: 'pk',
    apiSecret: 's',
    fetch,
  });
  return { provider, requests };
}

describe('CloudPayments listTransactions', () => {
  it('asks /v2/payments/list page by page with the window in ISO UTC, and stops after the first short page', async () => {
    const { provider, requests } = scripted([page(1, 100), page(101, 100), page(201, 7)]);
    const result = await provider.listTransactions({ from: FROM, to: TO });
    expect(result.status === 'ok' && result.items.length).toBe(207);
    expect(requests.map((r) => r.path)).toEqual(Array(3).fill('/v2/payments/list'));
    expect(requests.map((r) => r.body)).toEqual(
      [1, 2, 3].map((PageNumber) => ({
        CreatedDateGte: '2024-03-09T00:00:00.000Z',
        CreatedDateLte: '2024-03-09T23:59:59.999Z',
        PageNumber,
        TimeZone: 'UTC',
      })),
    );
  });

  it('a full last page is followed by one more request that comes back empty', async () => {
    const { provider, requests } = scripted([page(1, 100), ok([])]);
    const result = await provider.listTransactions({ from: FROM, to: TO });
    expect(result.status === 'ok' && result.items.length).toBe(100);
    expect(requests).toHaveLength(2);
  });

  it('maps refunds (Type 1, or no Type but an OriginalTransactionId), skips payouts, and keeps only the window', async () => {
    const { provider } = scripted([
      ok([
        item(1),
        item(2, { Type: 1, OriginalTransactionId: 1, JsonData: '{"paymentId":"pay_1","refundId":"ref_1"}' }),
        item(3, { Type: undefined, OriginalTransactionId: 1, JsonData: null }),
        item(4, { Type: 2 }),
        item(5, { CreatedDate: null, CreatedDateIso: '2024-03-09T10:00:00', Status: 'Authorized' }),
        item(6, { CreatedDate: `/Date(${TO.getTime() + 1})/` }),
      ]),
    ]);
    const result = await provider.listTransactions({ from: FROM, to: TO });
    if (result.status !== 'ok') throw new Error(JSON.stringify(result));
    expect(result.items.map((t) => [t.providerTransactionId, t.kind, t.paymentId, t.paymentTransactionId])).toEqual([
      ['1', 'payment', 'pay_1', undefined],
      ['2', 'refund', 'ref_1', '1'],
      ['3', 'refund', undefined, '1'],
      ['5', 'payment', 'pay_5', undefined],
    ]);
    expect(result.items[0]).toMatchObject({ amount: 1050, currency: 'RUB', state: 'captured' });
    expect(result.items[3]).toMatchObject({ state: 'authorized', createdAt: '2024-03-09T10:00:00.000Z' });
  });

  it.each([
    ['HTTP 500 on page 2', [page(1, 100), { status: 500, body: 'oops' }], 'server_error', true],
    [
      'a refused request',
      [{ status: 200, body: { Success: false, Message: 'PageNumber is required' } }],
      'bad_response',
      false,
    ],
    [
      'a Model that is not an array',
      [{ status: 200, body: { Success: true, Message: null, Model: {} } }],
      'bad_response',
      true,
    ],
    ['an item with an unknown Status', [ok([item(1, { Status: 'Paid' })])], 'bad_response', true],
    ['an item without a creation time', [ok([item(1, { CreatedDate: null })])], 'bad_response', true],
  ] as const)('%s is unavailable (%s), never a partial list', async (_, answers, kind, retryable) => {
    const { provider } = scripted([...answers]);
    expect(await provider.listTransactions({ from: FROM, to: TO })).toMatchObject({
      status: 'unavailable',
      failure: { kind, retryable },
    });
  });
});

describe('createdAtOf', () => {
  it.each([
    [{ CreatedDate: '/Date(1710000000000)/' }, '2024-03-09T16:00:00.000Z'],
    [{ CreatedDate: '/Date(1710000000000+0300)/' }, '2024-03-09T16:00:00.000Z'],
    [{ CreatedDateIso: '2024-03-09T16:00:00' }, '2024-03-09T16:00:00.000Z'],
    [{ CreatedDateIso: '2024-03-09T19:00:00+03:00' }, '2024-03-09T16:00:00.000Z'],
    [{ CreatedDate: 'yesterday', CreatedDateIso: null }, undefined],
  ])('%j → %s', (tx, expected) => {
    expect(createdAtOf(tx)).toBe(expected);
  });
});

describe('CloudPayments findRefund', () => {
  const payment = item(1, { InvoiceId: 'inv_1' });
  const refund = (id: number, refundId: string) =>
    item(id, { Type: 1, OriginalTransactionId: 1, InvoiceId: 'inv_1', JsonData: JSON.stringify({ refundId }) });

  it("takes the invoice's latest operation when it is our refund, without listing", async () => {
    const { provider, requests } = scripted([
      { status: 200, body: { Success: true, Message: null, Model: payment } },
      { status: 200, body: { Success: true, Message: null, Model: refund(3, 'ref_b') } },
    ]);
    const found = await provider.findRefund({ paymentTransactionId: '1', refundId: 'ref_b' });
    expect(found).toMatchObject({ status: 'found', payment: { providerTransactionId: '3', paymentId: 'ref_b' } });
    expect(requests.map((r) => r.path)).toEqual(['/payments/get', '/v2/payments/find']);
  });

  it('otherwise lists from the payment’s creation and matches OriginalTransactionId and JsonData.refundId', async () => {
    const { provider, requests } = scripted([
      { status: 200, body: { Success: true, Message: null, Model: payment } },
      { status: 200, body: { Success: true, Message: null, Model: refund(3, 'ref_b') } },
      ok([
        payment,
        item(9, { Type: 1, OriginalTransactionId: 8, JsonData: '{"refundId":"ref_a"}' }),
        refund(3, 'ref_b'),
        refund(2, 'ref_a'),
      ]),
    ]);
    const found = await provider.findRefund({ paymentTransactionId: '1', refundId: 'ref_a' });
    expect(found).toMatchObject({ status: 'found', payment: { providerTransactionId: '2', paymentId: 'ref_a' } });
    expect(requests[2]?.body).toMatchObject({ CreatedDateGte: new Date(T0 + 1).toISOString(), PageNumber: 1 });
  });
});
