// The sandbox's /payments/list and /v2/payments/list: seeded ledgers at fixed dates through app.request(),
// and real charges and refunds over HTTP.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransactionStatus } from '../../acquiring/cloudpayments/schemas.js';
import type { SandboxTransaction } from '../../sandbox/ledger.js';
import { createSandboxApp, type SandboxApp } from '../../sandbox/server.js';
import { API_SECRET, AUTH, PUBLIC_ID, startTestSandbox, type TestSandbox } from './support.js';

function seededApp(createdAt: (Date | [Date, TransactionStatus])[]): SandboxApp {
  const app = createSandboxApp({ port: 0, publicId: PUBLIC_ID, apiSecret: API_SECRET });
  for (const [i, entry] of createdAt.entries()) {
    const [at, status] = Array.isArray(entry) ? entry : [entry, 'Completed' as const];
    app.core.ledger.add(seed({ createdAt: at, status, invoiceId: `inv_${i}` }));
  }
  return app;
}

function seed(fields: Partial<SandboxTransaction>): Omit<SandboxTransaction, 'id' | 'receipt' | 'receiptProblem'> {
  const nulls = { description: null, email: null, ipAddress: null, name: null, cardHolderMessage: null };
  const card = { firstSix: '400000', lastFour: '3055', expDate: '12/35', cardType: 'Visa', token: null };
  return {
    ...nulls,
    ...card,
    kind: 'payment',
    publicId: PUBLIC_ID,
    amount: 10,
    currency: 'RUB',
    invoiceId: null,
    accountId: 'acc',
    jsonData: null,
    status: 'Completed',
    reasonCode: 0,
    reason: 'Approved',
    twoStage: false,
    trInitiatorCode: null,
    originalTransactionId: null,
    refundedAmount: 0,
    createdAt: new Date(),
    authAt: null,
    confirmAt: null,
    authCode: null,
    rrn: null,
    orderId: null,
    requestId: null,
    paReq: null,
    ...fields,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: the sandbox's answers are read as loosely typed JSON
async function post(app: SandboxApp, path: string, body: unknown, authorization = AUTH): Promise<any> {
  const response = await app.request(path, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.status === 200 ? response.json() : { httpStatus: response.status };
}
const invoices = (answer: { Model: { InvoiceId: string }[] }) => answer.Model.map((t) => t.InvoiceId);
const at = (iso: string) => new Date(iso);

describe('/v2/payments/list', () => {
  it('pages 250 transactions as 100, 100, 50 and then an empty page, oldest first, each once', async () => {
    const base = Date.parse('2024-03-09T00:00:00Z');
    // Seeded newest first, so the answer's order comes from CreatedDate, not from insertion.
    const app = seededApp(Array.from({ length: 250 }, (_, i) => new Date(base + (249 - i) * 1000)));
    const window = { CreatedDateGte: '2024-03-09T00:00:00Z', CreatedDateLte: '2024-03-10T00:00:00Z' };
    const pages = [];
    for (const PageNumber of [1, 2, 3, 4]) pages.push(await post(app, '/v2/payments/list', { ...window, PageNumber }));
    expect(pages.map((p) => p.Model.length)).toEqual([100, 100, 50, 0]);
    const all = pages.flatMap((p) => p.Model);
    expect(new Set(all.map((t) => t.TransactionId)).size).toBe(250);
    const created = all.map((t) => Number(/\d+/.exec(t.CreatedDate)?.[0]));
    expect(created).toEqual([...created].sort((a, b) => a - b));
    expect(pages[0]).toMatchObject({ Success: true, Message: null });
    expect(all[0]).toMatchObject({ IsLocalOrder: false, HideInvoiceId: false, MasterPass: false, Status: 'Completed' });
  });

  it('CreatedDateGte and CreatedDateLte are inclusive; offsets and TimeZone decide the instant', async () => {
    const app = seededApp([
      at('2024-03-08T20:59:59.999Z'),
      at('2024-03-08T21:00:00.000Z'),
      at('2024-03-09T12:00:00.000Z'),
      at('2024-03-09T20:59:59.999Z'),
      at('2024-03-09T21:00:00.000Z'),
    ]);
    const list = async (body: Record<string, unknown>) =>
      invoices(await post(app, '/v2/payments/list', { PageNumber: 1, ...body }));
    const mskDay = ['inv_1', 'inv_2', 'inv_3'];
    expect(await list({ CreatedDateGte: '2024-03-08T21:00:00Z', CreatedDateLte: '2024-03-09T20:59:59.999Z' })).toEqual(
      mskDay,
    );
    expect(
      await list({ CreatedDateGte: '2024-03-09T00:00:00+03:00', CreatedDateLte: '2024-03-09T23:59:59.999+03:00' }),
    ).toEqual(mskDay);
    expect(
      await list({ CreatedDateGte: '2024-03-09T00:00:00', CreatedDateLte: '2024-03-09T23:59:59.999', TimeZone: 'MSK' }),
    ).toEqual(mskDay);
    expect(await list({ CreatedDateGte: '2024-03-09T12:00:00Z', CreatedDateLte: '2024-03-09T12:00:00Z' })).toEqual([
      'inv_2',
    ]);
    expect(await list({ CreatedDateGte: '2024-03-09T00:00:00Z', CreatedDateLte: '2024-03-09T23:59:59Z' })).toEqual([
      'inv_2',
      'inv_3',
      'inv_4',
    ]);
  });

  it('Statuses keeps only the listed statuses (JSON array or comma-separated)', async () => {
    const day = at('2024-03-09T10:00:00Z');
    const app = seededApp([
      [day, 'Completed'],
      [day, 'Declined'],
      [day, 'Authorized'],
      [day, 'Cancelled'],
    ]);
    const window = { CreatedDateGte: '2024-03-09', CreatedDateLte: '2024-03-10', PageNumber: 1 };
    expect(invoices(await post(app, '/v2/payments/list', { ...window, Statuses: ['Declined', 'Cancelled'] }))).toEqual([
      'inv_1',
      'inv_3',
    ]);
    expect(invoices(await post(app, '/v2/payments/list', { ...window, Statuses: 'Authorized' }))).toEqual(['inv_2']);
    expect(invoices(await post(app, '/v2/payments/list', window))).toHaveLength(4);
  });

  it('refuses missing or invalid fields with {Success:false, Message}', async () => {
    const app = seededApp([]);
    const ok = { CreatedDateGte: '2024-03-09', CreatedDateLte: '2024-03-10', PageNumber: 1 };
    for (const [body, message] of [
      [{ ...ok, PageNumber: undefined }, 'PageNumber is required'],
      [{ ...ok, PageNumber: 0 }, 'PageNumber must be at least 1'],
      [{ ...ok, CreatedDateGte: undefined }, 'CreatedDateGte is required'],
      [{ ...ok, CreatedDateLte: '09.03.2024' }, 'CreatedDateLte is invalid'],
      [{ ...ok, TimeZone: 'XYZ' }, 'TimeZone XYZ is not supported'],
      [{ ...ok, Statuses: ['Paid'] }, 'Statuses: Paid is not a status'],
    ] as const) {
      expect(await post(app, '/v2/payments/list', body)).toEqual({ Success: false, Message: message });
    }
  });
});

describe('/payments/list', () => {
  it('lists the operations of one Date in the given TimeZone (default UTC)', async () => {
    const app = seededApp([
      at('2024-03-08T20:59:59.999Z'),
      at('2024-03-08T21:00:00.000Z'),
      at('2024-03-09T20:59:59.999Z'),
      at('2024-03-09T21:00:00.000Z'),
    ]);
    expect(invoices(await post(app, '/payments/list', { Date: '2024-03-09', TimeZone: 'MSK' }))).toEqual([
      'inv_1',
      'inv_2',
    ]);
    expect(invoices(await post(app, '/payments/list', { Date: '2024-03-09' }))).toEqual(['inv_2', 'inv_3']);
    expect(await post(app, '/payments/list', { Date: '2024-02-30' })).toEqual({
      Success: false,
      Message: 'Date is invalid',
    });
  });
});

describe('list endpoints over HTTP', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox();
  });
  afterAll(() => sb.close());

  it.each(['/payments/list', '/v2/payments/list'])(
    '%s answers 401 without or with wrong Basic credentials',
    async (path) => {
      const body = { Date: '2024-03-09', CreatedDateGte: '2024-03-09', CreatedDateLte: '2024-03-10', PageNumber: 1 };
      const wrong = `Basic ${Buffer.from(`${PUBLIC_ID}:not-the-secret`).toString('base64')}`;
      expect((await sb.api(path, body, { authorization: '' })).status).toBe(401);
      expect((await sb.api(path, body, { authorization: wrong })).status).toBe(401);
      expect((await sb.api(path, body)).status).toBe(200);
    },
  );

  it('a charge and its refund are listed as two transactions; the refund is Type 1 with OriginalTransactionId and its own JsonData', async () => {
    const from = new Date().toISOString();
    const invoiceId = `inv_${randomUUID()}`;
    const charge = await sb.api('/payments/cards/charge', {
      Amount: 10,
      IpAddress: '1',
      CardCryptogramPacket: await sb.cryptogram('4000000000003055'),
      InvoiceId: invoiceId,
      JsonData: { paymentId: 'pay_1' },
    });
    const paymentId = charge.json.Model.TransactionId;
    const refund = await sb.api('/payments/refund', {
      TransactionId: paymentId,
      Amount: 4,
      JsonData: { paymentId: 'pay_1', refundId: 'ref_1' },
    });
    const body = { CreatedDateGte: from, CreatedDateLte: new Date().toISOString(), PageNumber: 1 };
    const { json } = await sb.api('/v2/payments/list', body);
    const mine = json.Model.filter((t: { InvoiceId: string }) => t.InvoiceId === invoiceId);
    expect(mine).toMatchObject([
      {
        TransactionId: paymentId,
        Type: 0,
        Amount: 10,
        Status: 'Completed',
        Refunded: true,
        OriginalTransactionId: null,
      },
      {
        TransactionId: refund.json.Model.TransactionId,
        Type: 1,
        Amount: 4,
        Status: 'Completed',
        OriginalTransactionId: paymentId,
        JsonData: JSON.stringify({ paymentId: 'pay_1', refundId: 'ref_1' }),
      },
    ]);
    expect(JSON.parse(mine[0].JsonData)).toEqual({ paymentId: 'pay_1' });
    const day = await sb.api('/payments/list', { Date: charge.json.Model.CreatedDateIso.slice(0, 10) });
    expect(day.json.Model.map((t: { TransactionId: number }) => t.TransactionId)).toContain(paymentId);
  });
});
