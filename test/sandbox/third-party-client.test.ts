// A CloudPayments client written by others (npm `cloudpayments` v6 by izatop), unchanged, pointed at the
// sandbox's base URL with its credentials: ping, cryptogram charge (with and without 3-D Secure), token
// charge, refund, find; and its own notification checker accepts the sandbox's signatures.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientService, type TokenPaymentRequest } from 'cloudpayments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../acquiring/support/wait.js';
import { API_SECRET, PUBLIC_ID, startTestSandbox, type TestSandbox } from './support.js';

let sb: TestSandbox;
let hooks: Server;
const handled: { kind: string; ok: boolean; request?: Record<string, unknown>; error?: string }[] = [];

beforeAll(async () => {
  const service = new ClientService({ publicId: PUBLIC_ID, privateKey: API_SECRET });
  const handlers = service.getNotificationHandlers();
  // The third-party handler reads the request stream itself and checks Content-HMAC over the raw body.
  hooks = createServer((req, res) => {
    const kind = (req.url ?? '').split('/').at(-1) ?? '';
    handlers
      .handlePayRequest(req)
      .then(({ request }) => {
        handled.push({ kind, ok: true, request: request as unknown as Record<string, unknown> });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":0}');
      })
      .catch((error: Error) => {
        handled.push({ kind, ok: false, error: error.message });
        res.writeHead(401).end();
      });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  sb = await startTestSandbox({ notifyUrl: `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/cp` });
});
afterAll(async () => {
  await sb?.close();
  hooks.closeAllConnections();
  await new Promise((resolve) => hooks.close(resolve));
});

const api = () => new ClientService({ publicId: PUBLIC_ID, privateKey: API_SECRET, endpoint: sb.url }).getClientApi();

describe('third-party npm client `cloudpayments` against the sandbox', () => {
  it('ping (/test) succeeds with a GUID message', async () => {
    const response = await api().ping();
    expect(response.isSuccess()).toBe(true);
    expect(response.getMessage()).toMatch(/^([a-f0-9]-?)+$/);
  });

  it('cryptogram charge, token charge, refund and find by invoice all succeed', async () => {
    const client = api();
    const invoiceId = `inv-${Date.now()}`;
    const charged = await client.chargeCryptogramPayment({
      Amount: 299,
      Currency: 'RUB',
      IpAddress: '127.0.0.1',
      CardCryptogramPacket: await sb.cryptogram('4000000000003055'),
      InvoiceId: invoiceId,
      AccountId: 'user-1',
    });
    expect(charged.isPaymentSuccessResponse()).toBe(true);
    const model = charged.getResponse().Model as { TransactionId: number; Token: string };

    // TrInitiatorCode is required by CloudPayments since 2023-08; v6's types predate it, its transport passes it through.
    const tokenRequest: TokenPaymentRequest & { TrInitiatorCode: number; PaymentScheduled: number } = {
      Amount: 299,
      Currency: 'RUB',
      AccountId: 'user-1',
      Token: model.Token,
      InvoiceId: `${invoiceId}-renewal`,
      TrInitiatorCode: 0,
      PaymentScheduled: 1,
    };
    const byToken = await client.chargeTokenPayment(tokenRequest);
    expect(byToken.isPaymentSuccessResponse()).toBe(true);

    const refunded = await client.refundPayment({ TransactionId: model.TransactionId, Amount: 100 });
    expect(refunded.isSuccess()).toBe(true);

    const found = await client.findPaymentByInvoiceId({ InvoiceId: invoiceId });
    expect(found.isSuccess()).toBe(true);
    expect(found.getResponse().Model).toMatchObject({ TransactionId: model.TransactionId, Status: 'Completed' });
  });

  it('a 3-D Secure card gives a 3DS response, and confirm3DSPayment with the ACS PaRes completes it', async () => {
    const client = api();
    const charged = await client.chargeCryptogramPayment({
      Amount: 10,
      Currency: 'RUB',
      IpAddress: '127.0.0.1',
      CardCryptogramPacket: await sb.cryptogram('5555555555554444'),
    });
    expect(charged.isPayment3DSResponse()).toBe(true);
    const { TransactionId } = charged.getResponse().Model as { TransactionId: number };
    const { paRes } = await sb.control(`/3ds/${TransactionId}`, { result: 'success' });
    const confirmed = await client.confirm3DSPayment({ TransactionId: String(TransactionId), PaRes: paRes });
    expect(confirmed.isPaymentSuccessResponse()).toBe(true);
  });

  it("its notification handler accepts the sandbox's Content-HMAC and parses the pay notification", async () => {
    const invoiceId = `hook-${Date.now()}`;
    await api().chargeCryptogramPayment({
      Amount: 42.5,
      Currency: 'RUB',
      IpAddress: '127.0.0.1',
      CardCryptogramPacket: await sb.cryptogram('4000000000003055'),
      InvoiceId: invoiceId,
    });
    const pay = await waitFor(
      () => handled.find((h) => h.kind === 'pay' && h.request?.InvoiceId === invoiceId),
      'the handled pay notification',
    );
    expect(pay).toMatchObject({ ok: true, request: { Amount: '42.50', Status: 'Completed' } });
    expect(handled.filter((h) => !h.ok)).toEqual([]);
  });
});
