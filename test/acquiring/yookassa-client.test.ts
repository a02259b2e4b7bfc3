// The YooKassa transport over real HTTP to a scripted local server: what is sent, and how each failure is classified.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createYooKassaClient } from '../../acquiring/yookassa/client.js';
import { createYooKassaProvider } from '../../acquiring/yookassa/provider.js';

type Answer = { status: number; body: string; delayMs?: number };
let server: Server;
let base: string;
let answer: (url: string) => Answer = () => ({ status: 200, body: '{}' });
const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const a = answer(req.url ?? '');
      const send = () => res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
      if (a.delayMs) setTimeout(send, a.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const options = (timeoutMs = 2_000) => ({ apiUrl: `${base}/`, shopId: '100500', secretKey: 'test_key', timeoutMs });
const client = (timeoutMs?: number) => createYooKassaClient(options(timeoutMs));
const reply = (status: number, body: unknown, delayMs?: number) => {
  answer = () => ({ status, body: typeof body === 'string' ? body : JSON.stringify(body), delayMs });
};
const errorBody = { type: 'error', id: 'e1', code: 'invalid_request', description: 'Refund sum exceeded' };

describe('YooKassa client', () => {
  it('POSTs JSON to <apiUrl><path> with Basic auth (shopId:secretKey) and the Idempotence-Key', async () => {
    reply(200, { id: 'x' });
    expect(await client().post('/payments', { capture: true }, 'key-1')).toMatchObject({
      kind: 'ok',
      body: { id: 'x' },
    });
    const last = seen.at(-1);
    expect(last).toMatchObject({ method: 'POST', url: '/v3/payments', body: '{"capture":true}' });
    expect(last?.headers.authorization).toBe(`Basic ${Buffer.from('100500:test_key').toString('base64')}`);
    expect(last?.headers['idempotence-key']).toBe('key-1');
    expect(last?.headers['content-type']).toBe('application/json');
  });

  it('a key over 64 characters goes as its 64-character SHA-256; a GET sends no key and puts filters in the query', async () => {
    reply(200, { type: 'list', items: [] });
    await client().post('/refunds', {}, 'k'.repeat(100));
    expect(seen.at(-1)?.headers['idempotence-key']).toMatch(/^[0-9a-f]{64}$/);
    await client().get('/payments', { 'created_at.gte': '2026-12-03T00:00:00.000Z', cursor: undefined });
    expect(seen.at(-1)?.url).toBe('/v3/payments?created_at.gte=2026-12-03T00%3A00%3A00.000Z');
    expect(seen.at(-1)?.headers['idempotence-key']).toBeUndefined();
  });

  it.each([
    [401, 'not_sent', 'unauthorized', false],
    [403, 'not_sent', 'unauthorized', false],
    [429, 'not_sent', 'rate_limited', true],
    [500, 'unknown', 'server_error', true],
    [502, 'unknown', 'server_error', true],
    [503, 'unknown', 'server_error', true],
    [202, 'unknown', 'server_error', true],
    [415, 'unknown', 'bad_response', false],
  ] as const)('HTTP %i is %s (%s, retryable %s)', async (status, outcome, kind, retryable) => {
    reply(status, { ...errorBody, code: 'whatever' });
    expect(await client().post('/payments', {}, 'k')).toMatchObject({
      kind: 'no_answer',
      outcome,
      failure: { kind, retryable, httpStatus: status },
    });
  });

  it('HTTP 400 and 404 with an error body are a refusal (nothing happened); without one, unknown', async () => {
    reply(400, errorBody);
    expect(await client().post('/refunds', {}, 'k')).toMatchObject({
      kind: 'refused',
      httpStatus: 400,
      error: errorBody,
    });
    reply(404, { type: 'error', code: 'not_found' });
    expect(await client().get('/payments/nope')).toMatchObject({ kind: 'refused', httpStatus: 404 });
    reply(400, '<html>Bad Request</html>');
    expect(await client().post('/refunds', {}, 'k')).toMatchObject({ kind: 'no_answer', outcome: 'unknown' });
  });

  it.each([
    ['not JSON', 'Bad Gateway'],
    ['a JSON string', '"ok"'],
    ['JSON null', 'null'],
  ])('a 200 answer that is %s is unknown (bad_response)', async (_what, body) => {
    reply(200, body);
    expect(await client().post('/payments', {}, 'k')).toMatchObject({
      kind: 'no_answer',
      outcome: 'unknown',
      failure: { kind: 'bad_response' },
    });
  });

  it('an answer slower than the deadline is unknown (timeout)', async () => {
    reply(200, { id: 'x' }, 600);
    expect(await client(150).post('/payments', {}, 'k')).toMatchObject({
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
    const c = createYooKassaClient({ apiUrl: `http://127.0.0.1:${port}/v3`, shopId: 's', secretKey: 'k' });
    expect(await c.post('/payments', {}, 'k')).toMatchObject({
      kind: 'no_answer',
      outcome: 'not_sent',
      failure: { kind: 'network' },
    });
  });
});

describe('YooKassa provider over a failing server', () => {
  const provider = () => createYooKassaProvider({ ...options(), defaultReturnUrl: 'http://localhost/return' });
  const money = { paymentId: 'p', idempotencyKey: 'k', amount: 100, currency: 'RUB' };
  const canceledPayment = {
    id: 'pm_1',
    status: 'canceled',
    amount: { value: '1.00', currency: 'RUB' },
    created_at: '2026-12-03T07:00:00.000Z',
    cancellation_details: { party: 'payment_network', reason: 'insufficient_funds' },
  };

  it('5xx, 429, 401, garbage and timeouts on charges, captures, refunds and voids never come back as declined', async () => {
    const p = provider();
    for (const [status, body] of [
      [500, canceledPayment],
      [503, canceledPayment],
      [429, errorBody],
      [401, errorBody],
      [200, 'garbage'],
    ] as const) {
      reply(status, body);
      const results = [
        await p.chargeToken({
          ...money,
          invoiceId: 'i',
          accountId: 'a',
          token: 't',
          initiator: 'merchant',
          scheduled: true,
        }),
        await p.capture({ ...money, providerTransactionId: 'pm_1' }),
        await p.refund({ ...money, refundId: 'r', providerTransactionId: 'pm_1' }),
        await p.void({ paymentId: 'p', idempotencyKey: 'k', providerTransactionId: 'pm_1' }),
      ];
      for (const r of results) {
        expect(['not_sent', 'unknown']).toContain(r.outcome);
        expect(r.decline).toBeUndefined();
      }
    }
  });

  it('lookups without an answer are unavailable; a 404 is not_found', async () => {
    const p = provider();
    reply(503, 'oops');
    expect(await p.getPayment('pm_1')).toMatchObject({ status: 'unavailable', failure: { kind: 'server_error' } });
    expect(await p.findByInvoice('inv')).toMatchObject({ status: 'unavailable' });
    expect(await p.findRefund({ paymentTransactionId: 'pm_1', refundId: 'r' })).toMatchObject({
      status: 'unavailable',
    });
    const window = { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') };
    expect(await p.listTransactions(window)).toMatchObject({ status: 'unavailable' });
    reply(404, { type: 'error', code: 'not_found' });
    expect(await p.getPayment('pm_1')).toMatchObject({ status: 'not_found' });
  });

  it('a list with an unreadable item is unavailable, never a partial list', async () => {
    reply(200, { type: 'list', items: [{ ...canceledPayment, status: 'canceled' }, { id: 'broken' }] });
    const window = { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-31T00:00:00Z') };
    expect(await provider().listTransactions(window)).toMatchObject({
      status: 'unavailable',
      failure: { kind: 'bad_response' },
    });
  });

  it('lists are followed by next_cursor until the last page', async () => {
    const page = (id: string, created: string) => ({ ...canceledPayment, id, created_at: created });
    answer = (url) => {
      const refunds = url.startsWith('/v3/refunds');
      const second = url.includes('cursor=c2');
      const items = refunds
        ? []
        : [page(second ? 'pm_b' : 'pm_a', second ? '2026-12-01T02:00:00Z' : '2026-12-01T01:00:00Z')];
      const next = refunds || second ? {} : { next_cursor: 'c2' };
      return { status: 200, body: JSON.stringify({ type: 'list', items, ...next }) };
    };
    const window = { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') };
    const listed = await provider().listTransactions(window);
    if (listed.status !== 'ok') throw new Error(JSON.stringify(listed));
    expect(listed.items.map((t) => [t.kind, t.providerTransactionId, t.state])).toEqual([
      ['payment', 'pm_a', 'declined'],
      ['payment', 'pm_b', 'declined'],
    ]);
  });
});
