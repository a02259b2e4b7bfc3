// The transport over real HTTP to a scripted local server: what is sent, and how each failure is classified.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudPaymentsClient } from '../../acquiring/cloudpayments/client.js';
import { createCloudPaymentsProvider } from '../../acquiring/cloudpayments/provider.js';

let server: Server;
let base: string;
let answer: { status: number; body: string; delayMs?: number } = {
  status: 200,
  body: '{"Success":true,"Message":null}',
};
const seen: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      seen.push({ path: req.url ?? '', headers: req.headers, body });
      const send = () => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = (timeoutMs = 2_000) =>
  createCloudPaymentsClient({ apiUrl: `${base}/`, publicId: 'pk_1', apiSecret: 's3cret', timeoutMs });

describe('CloudPayments client', () => {
  it('POSTs JSON to <apiUrl><path> with Basic auth (PublicId:ApiSecret) and the X-Request-ID', async () => {
    answer = { status: 200, body: '{"Success":true,"Message":null}' };
    const result = await client().call('/payments/void', { TransactionId: 5 }, 'req-1');
    expect(result.kind).toBe('answer');
    const last = seen.at(-1);
    expect(last?.path).toBe('/payments/void');
    expect(last?.headers.authorization).toBe(`Basic ${Buffer.from('pk_1:s3cret').toString('base64')}`);
    expect(last?.headers['x-request-id']).toBe('req-1');
    expect(last?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(last?.body ?? '')).toEqual({ TransactionId: 5 });
  });

  it('a call without a request id sends no X-Request-ID header', async () => {
    await client().call('/payments/find', { InvoiceId: 'x' });
    expect(seen.at(-1)?.headers['x-request-id']).toBeUndefined();
  });

  it.each([
    [401, 'not_sent', 'unauthorized', false],
    [429, 'not_sent', 'rate_limited', true],
    [500, 'unknown', 'server_error', true],
    [502, 'unknown', 'server_error', true],
    [503, 'unknown', 'server_error', true],
    [404, 'unknown', 'bad_response', false],
  ] as const)('HTTP %i is %s (%s, retryable %s)', async (status, outcome, kind, retryable) => {
    answer = { status, body: '{"Success":false,"Message":"nope"}' };
    expect(await client().call('/payments/cards/charge', {}, 'k')).toMatchObject({
      kind: 'no_answer',
      outcome,
      failure: { kind, retryable },
    });
  });

  it.each([
    ['not JSON', 'Bad Gateway'],
    ['JSON without Success', '{"Model":{}}'],
  ])('a 200 answer that is %s is unknown (bad_response)', async (_what, body) => {
    answer = { status: 200, body };
    expect(await client().call('/payments/cards/charge', {}, 'k')).toMatchObject({
      kind: 'no_answer',
      outcome: 'unknown',
      failure: { kind: 'bad_response' },
    });
  });

  it('an answer slower than the deadline is unknown (timeout)', async () => {
    answer = { status: 200, body: '{"Success":true,"Message":null}', delayMs: 600 };
    expect(await client(150).call('/payments/cards/charge', {}, 'k')).toMatchObject({
      kind: 'no_answer',
      outcome: 'unknown',
      failure: { kind: 'timeout' },
    });
  });

  it('a refused connection (nothing listening) is not_sent (network)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const c = createCloudPaymentsClient({ apiUrl: `http://127.0.0.1:${port}`, publicId: 'p', apiSecret: 's' });
    expect(await c.call('/test', {})).toMatchObject({
      kind: 'no_answer',
      outcome: 'not_sent',
      failure: { kind: 'network' },
    });
  });

  it('through the provider, 5xx, 429 and 401 on charges, refunds and voids never come back as declined', async () => {
    const provider = createCloudPaymentsProvider({ apiUrl: base, publicId: 'p', apiSecret: 's', timeoutMs: 2_000 });
    for (const status of [500, 503, 429, 401]) {
      answer = {
        status,
        body: '{"Success":false,"Message":"Declined","Model":{"Status":"Declined","ReasonCode":5051}}',
      };
      const results = [
        await provider.chargeToken({
          paymentId: 'p',
          idempotencyKey: 'k',
          invoiceId: 'i',
          accountId: 'a',
          token: 't',
          amount: 100,
          currency: 'RUB',
          initiator: 'merchant',
          scheduled: true,
        }),
        await provider.refund({
          paymentId: 'p',
          refundId: 'r',
          idempotencyKey: 'k',
          providerTransactionId: '1',
          amount: 100,
          currency: 'RUB',
        }),
        await provider.void({ paymentId: 'p', idempotencyKey: 'k', providerTransactionId: '1' }),
      ];
      for (const r of results) {
        expect(['not_sent', 'unknown']).toContain(r.outcome);
        expect(r.decline).toBeUndefined();
      }
    }
  });
});
