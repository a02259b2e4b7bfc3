// The sandbox's CloudPayments API over real HTTP, part 2: two-stage, refunds, lookups, idempotency,
// faults, orders and test mode.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTH, startTestSandbox, type TestSandbox } from './support.js';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.close());
beforeEach(async () => {
  await sb.control('/faults', undefined, 'DELETE');
});

const invoice = () => `inv_${randomUUID()}`;
async function charge(
  card: string,
  extra: Record<string, unknown> = {},
  path = '/payments/cards/charge',
  headers = {},
) {
  const body = {
    Amount: 100,
    Currency: 'RUB',
    IpAddress: '10.0.0.1',
    CardCryptogramPacket: await sb.cryptogram(card),
    InvoiceId: invoice(),
    AccountId: 'acc-1',
    ...extra,
  };
  return { body, answer: await sb.api(path, body, headers) };
}

describe('sandbox API: two-stage, refunds, lookups', () => {
  it('auth holds (Authorized), confirm captures, void is then refused', async () => {
    const { answer } = await charge('4000000000003055', { Amount: 10 }, '/payments/cards/auth');
    const id = answer.json.Model.TransactionId;
    expect(answer.json.Model).toMatchObject({ Status: 'Authorized', StatusCode: 2, ConfirmDate: null });
    expect((await sb.api('/payments/confirm', { TransactionId: id, Amount: 8 })).json).toEqual({
      Success: true,
      Message: null,
    });
    expect((await sb.api('/payments/get', { TransactionId: id })).json.Model).toMatchObject({
      Status: 'Completed',
      Amount: 8,
    });
    expect((await sb.api('/payments/void', { TransactionId: id })).json).toMatchObject({ Success: false });
  });

  it('refunds: 3.00 then 7.00 of 10.00 succeed with new transaction ids, 0.01 more is refused', async () => {
    const { body, answer } = await charge('4000000000003055', { Amount: 10 });
    const id = answer.json.Model.TransactionId;
    const first = await sb.api('/payments/refund', { TransactionId: id, Amount: 3 });
    const second = await sb.api('/payments/refund', { TransactionId: id, Amount: 7 });
    const third = await sb.api('/payments/refund', { TransactionId: id, Amount: 0.01 });
    expect(first.json).toEqual({ Success: true, Message: null, Model: { TransactionId: expect.any(Number) } });
    expect(second.json.Success).toBe(true);
    expect(third.json).toEqual({ Success: false, Message: expect.stringContaining('exceeds') });
    const refund = (await sb.api('/payments/get', { TransactionId: first.json.Model.TransactionId })).json.Model;
    expect(refund).toMatchObject({ Type: 1, OriginalTransactionId: id, Amount: 3, Status: 'Completed' });
    expect((await sb.api('/payments/find', { InvoiceId: body.InvoiceId })).json.Model).toMatchObject({
      TransactionId: id,
      Refunded: true,
    });
    expect((await sb.api('/v2/payments/find', { InvoiceId: body.InvoiceId })).json.Model).toMatchObject({
      TransactionId: second.json.Model.TransactionId,
      Type: 1,
    });
  });

  it('lookups of unknown ids answer {Success:false, Message:"Not found"}', async () => {
    expect((await sb.api('/payments/get', { TransactionId: 1 })).json).toEqual({
      Success: false,
      Message: 'Not found',
    });
    expect((await sb.api('/payments/find', { InvoiceId: 'nope' })).json).toEqual({
      Success: false,
      Message: 'Not found',
    });
  });
});

describe('sandbox API: idempotency and faults', () => {
  it('the same X-Request-ID twice gives byte-identical answers and one ledger entry, even with another body', async () => {
    const key = randomUUID();
    const { body, answer } = await charge('4000000000003055', {}, '/payments/cards/charge', { 'x-request-id': key });
    const again = await sb.api('/payments/cards/charge', { ...body, Amount: 999 }, { 'x-request-id': key });
    expect(again.text).toBe(answer.text);
    expect((await sb.transactions()).filter((t: { RequestId: string }) => t.RequestId === key)).toHaveLength(1);
  });

  it('five concurrent requests with one X-Request-ID are processed once', async () => {
    const key = randomUUID();
    const body = {
      Amount: 1,
      IpAddress: '1',
      CardCryptogramPacket: await sb.cryptogram('4000000000003055'),
      InvoiceId: invoice(),
    };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => sb.api('/payments/cards/charge', body, { 'x-request-id': key })),
    );
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect((await sb.transactions()).filter((t: { InvoiceId: string }) => t.InvoiceId === body.InvoiceId)).toHaveLength(
      1,
    );
  });

  it('without X-Request-ID the same body is processed twice', async () => {
    const body = {
      Amount: 1,
      IpAddress: '1',
      CardCryptogramPacket: await sb.cryptogram('4000000000003055'),
      InvoiceId: invoice(),
    };
    await sb.api('/payments/cards/charge', body);
    await sb.api('/payments/cards/charge', body);
    expect((await sb.transactions()).filter((t: { InvoiceId: string }) => t.InvoiceId === body.InvoiceId)).toHaveLength(
      2,
    );
  });

  it.each([
    ['errorRate', 500],
    ['rateLimitRate', 429],
  ])('fault %s: 1 answers HTTP %i and processes nothing', async (fault, status) => {
    await sb.control('/faults', { [fault]: 1 });
    const { body, answer } = await charge('4000000000003055');
    expect(answer.status).toBe(status);
    expect((await sb.transactions()).some((t: { InvoiceId: string }) => t.InvoiceId === body.InvoiceId)).toBe(false);
  });

  it('errorRate 1 limited to paths fails only those: a void answers 500 and voids nothing, a charge elsewhere is processed', async () => {
    const { answer: hold } = await charge('4000000000003055', {}, '/payments/cards/auth');
    const id = hold.json.Model.TransactionId;
    expect(await sb.control('/faults', { errorRate: 1, paths: ['/payments/void'] })).toMatchObject({
      errorRate: 1,
      paths: ['/payments/void'],
    });
    expect((await sb.api('/payments/void', { TransactionId: id })).status).toBe(500);
    const { body, answer } = await charge('4000000000003055');
    expect(answer.json.Model).toMatchObject({ Status: 'Completed' });
    const ledger = await sb.transactions();
    expect(ledger.find((t: { TransactionId: number }) => t.TransactionId === id)).toMatchObject({
      Status: 'Authorized',
    });
    expect(ledger.some((t: { InvoiceId: string }) => t.InvoiceId === body.InvoiceId)).toBe(true);
  });

  it('more than 5 concurrent requests get HTTP 429 for the excess', async () => {
    await sb.control('/faults', { latencyMs: 300 });
    const answers = await Promise.all(Array.from({ length: 7 }, () => sb.api('/test')));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });

  it("timeoutRate 1 processes the charge but holds the answer past the caller's deadline", async () => {
    await sb.control('/faults', { timeoutRate: 1 });
    const body = {
      Amount: 1,
      IpAddress: '1',
      CardCryptogramPacket: await sb.cryptogram('4000000000003055'),
      InvoiceId: invoice(),
    };
    const call = fetch(`${sb.url}/payments/cards/charge`, {
      method: 'POST',
      headers: { authorization: AUTH, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(300),
    });
    await expect(call).rejects.toThrow();
    await sb.control('/faults', undefined, 'DELETE');
    const ledger = await sb.transactions();
    expect(ledger.filter((t: { InvoiceId: string }) => t.InvoiceId === body.InvoiceId)).toMatchObject([
      { Status: 'Completed' },
    ]);
  });

  it('the faults setting reads back and DELETE restores no faults', async () => {
    expect(await sb.control('/faults', { latencyMs: 5, errorRate: 0.5 })).toMatchObject({
      latencyMs: 5,
      errorRate: 0.5,
      timeoutRate: 0,
    });
    expect(await sb.control('/faults', undefined, 'DELETE')).toMatchObject({ latencyMs: 0, errorRate: 0 });
  });
});

describe('sandbox API: orders', () => {
  it('orders/create returns a Created order whose Url is <sandbox>/d/<Id>; paying it via /_sandbox settles it', async () => {
    const inv = invoice();
    const { json } = await sb.api('/orders/create', {
      Amount: 299,
      Description: 'Movix month',
      InvoiceId: inv,
      AccountId: 'acc-9',
      Email: 'x@y.z',
    });
    expect(json).toMatchObject({
      Success: true,
      Model: {
        Id: expect.any(String),
        Url: `${sb.url}/d/${json.Model.Id}`,
        Status: 'Created',
        StatusCode: 0,
        Amount: 299,
      },
    });
    const tx = await sb.control(`/orders/${json.Model.Id}/pay`, { cardNumber: '4242424242424242' });
    expect(tx).toMatchObject({
      Status: 'Completed',
      InvoiceId: inv,
      AccountId: 'acc-9',
      Amount: 299,
      Token: expect.any(String),
    });
    expect((await sb.api('/orders/cancel', { Id: json.Model.Id })).json).toMatchObject({ Success: false });
  });

  it('orders/cancel cancels a Created order and its page no longer takes payments', async () => {
    const { json } = await sb.api('/orders/create', { Amount: 1, Description: 'x' });
    expect((await sb.api('/orders/cancel', { Id: json.Model.Id })).json).toEqual({ Success: true, Message: null });
    expect(await (await fetch(json.Model.Url)).text()).toContain('Cancelled');
  });
});

describe('sandbox test mode', () => {
  it('with testMode false the /_sandbox controls do not exist', async () => {
    const prod = await startTestSandbox({ testMode: false });
    try {
      expect((await fetch(`${prod.url}/_sandbox/transactions`)).status).toBe(404);
    } finally {
      await prod.close();
    }
  });
});
