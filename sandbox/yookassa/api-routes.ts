// YooKassa's API v3 (mounted at /yookassa/v3): Basic auth with shopId:secretKey, Idempotence-Key on every POST,
// error bodies of reference §1.4. Every call passes the faults: 429/500 before processing, 500 after the commit,
// latency or a held answer after.
import { timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { sleep } from '../faults.js';
import type { YooKassaCore } from './core.js';
import { YooKassaError } from './errors.js';
import type { KeptAnswer } from './idempotence.js';
import { listPayments, listRefunds, readQuery } from './lists.js';
import { cancelHold, capturePayment, createRefund, findPayment, findRefund } from './operations.js';
import { createPayment, type RequestContext } from './payments.js';
import { paymentObject } from './views.js';

type Handler = (body: unknown, ctx: RequestContext & { id: string }) => unknown;

const HOLD_MS = 10 * 60_000;
const json = (answer: KeptAnswer) =>
  new Response(answer.body, { status: answer.status, headers: { 'content-type': 'application/json; charset=utf-8' } });
const failure = (error: YooKassaError): KeptAnswer => ({ status: error.status, body: JSON.stringify(error.body()) });

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) return {};
  const type = request.headers.get('content-type') ?? '';
  if (!type.includes('json')) {
    throw new YooKassaError('invalid_request', 'Content-Type must be application/json', 'Content-Type', 415);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new YooKassaError('invalid_request', 'Request body is not valid JSON');
  }
}

export function createYooKassaApiRoutes(core: YooKassaCore, options: { baseUrl?: string | undefined }) {
  const app = new Hono();
  const expected = Buffer.from(`Basic ${Buffer.from(`${core.shopId}:${core.secretKey}`).toString('base64')}`);
  const authorised = (header: string | undefined) => {
    const given = Buffer.from(header ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  async function serve(c: Context, handler: Handler, write: boolean) {
    const path = c.req.path.replace(/^.*?\/v3(?=\/)/, '');
    // `paths` in the faults may name a route either as sent or as its template, e.g. /payments/:id/capture.
    const template = c.req.routePath.replace(/^.*?\/v3(?=\/)/, '');
    const faulty = core.faults.hits(path) || core.faults.hits(template);
    const run = async (body: unknown, key: string | null): Promise<KeptAnswer> => {
      try {
        const ctx = {
          idempotenceKey: key,
          baseUrl: options.baseUrl ?? new URL(c.req.url).origin,
          id: c.req.param('id') ?? '',
        };
        return { status: 200, body: JSON.stringify(await handler(body, ctx)) };
      } catch (error) {
        if (error instanceof YooKassaError) return failure(error);
        throw error;
      }
    };
    try {
      if (faulty && core.faults.roll('rateLimitRate'))
        throw new YooKassaError('too_many_requests', 'Too many requests');
      if (faulty && core.faults.roll('errorRate')) throw new YooKassaError('internal_server_error', 'Internal error');
      if (!authorised(c.req.header('authorization'))) {
        throw new YooKassaError('invalid_credentials', 'Error in shopId or secret key', 'Authorization');
      }
      let answer: KeptAnswer;
      if (write) {
        const body = await readJson(c.req.raw);
        const key = c.req.header('idempotence-key');
        answer = await core.idempotence.run(key, { path, body }, () => run(body, key ?? null));
      } else answer = await run(undefined, null);
      const until = AbortSignal.any([core.shutdown.signal, core.faults.changed()]);
      if (faulty && core.faults.roll('timeoutRate')) await sleep(HOLD_MS, until);
      const { latencyMs } = core.faults.get();
      if (faulty && latencyMs > 0) await sleep(latencyMs, until);
      if (write && faulty && core.faults.roll('errorAfterCommitRate')) {
        throw new YooKassaError('internal_server_error', 'Internal error');
      }
      return json(answer);
    } catch (error) {
      if (error instanceof YooKassaError) return json(failure(error));
      core.logger?.error({ err: error }, 'yookassa sandbox error');
      return json(failure(new YooKassaError('internal_server_error', 'Internal error')));
    }
  }

  app.post('/payments', (c) => serve(c, (body, ctx) => createPayment(core, body, ctx), true));
  app.get('/payments', (c) => serve(c, () => listPayments(core, readQuery(c.req.url)), false));
  app.get('/payments/:id', (c) =>
    serve(c, (_, { id }) => paymentObject(findPayment(core, id), core.store, core.shopId), false),
  );
  app.post('/payments/:id/capture', (c) => serve(c, (body, { id }) => capturePayment(core, id, body), true));
  app.post('/payments/:id/cancel', (c) => serve(c, (_, { id }) => cancelHold(core, id), true));
  app.post('/refunds', (c) => serve(c, (body, { idempotenceKey }) => createRefund(core, body, idempotenceKey), true));
  app.get('/refunds', (c) => serve(c, () => listRefunds(core, readQuery(c.req.url)), false));
  app.get('/refunds/:id', (c) => serve(c, (_, { id }) => findRefund(core, id), false));
  return app;
}
