// The CloudPayments API at the root: same paths, envelope and Basic auth. Every call passes through
// faults (429/500 before processing, latency or a held answer after) and X-Request-ID idempotency.
import { timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { Envelope, SandboxCore } from './core.js';
import { sleep } from './faults.js';
import type { StoredAnswer } from './idempotency.js';
import { transactionModel } from './ledger.js';
import { listDay, listPeriod } from './lists.js';
import { confirm, refund, voidPayment } from './operations.js';
import { orderModel } from './orders.js';
import { completeThreeDs, type PaymentCommon, payByCryptogram, payByToken } from './payments.js';
import { FieldError, type FieldReader, fieldReader, readBody } from './request-fields.js';

type Handler = (f: FieldReader, ctx: { requestId: string | null; baseUrl: string }) => Envelope | Promise<Envelope>;

const HOLD_MS = 10 * 60_000;

export function paymentCommon(f: FieldReader, requestId: string | null, twoStage: boolean): PaymentCommon {
  return {
    amount: f.amount(),
    currency: f.currency(),
    invoiceId: f.str('InvoiceId'),
    accountId: f.str('AccountId'),
    description: f.str('Description'),
    email: f.str('Email'),
    ipAddress: f.str('IpAddress'),
    name: f.str('Name'),
    jsonData: f.json(),
    twoStage,
    requestId,
  };
}

export function createApiRoutes(
  core: SandboxCore,
  options: { maxConcurrentRequests: number; baseUrl?: string | undefined },
) {
  const app = new Hono();
  const expected = Buffer.from(`Basic ${Buffer.from(`${core.publicId}:${core.apiSecret}`).toString('base64')}`);
  let inFlight = 0;

  const authorised = (header: string | undefined) => {
    const given = Buffer.from(header ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  async function serve(c: Context, handler: Handler, open = false) {
    const faulty = core.faults.hits(c.req.path);
    if (inFlight >= options.maxConcurrentRequests || (faulty && core.faults.roll('rateLimitRate'))) {
      return c.text('Too Many Requests', 429);
    }
    inFlight++;
    try {
      if (faulty && core.faults.roll('errorRate')) return c.text('Internal Server Error', 500);
      if (!open && !authorised(c.req.header('authorization'))) return c.text('Unauthorized', 401);
      const requestId = c.req.header('x-request-id') ?? null;
      const baseUrl = options.baseUrl ?? new URL(c.req.url).origin;
      const body = await readBody(c.req.raw).catch((error: unknown) => error);
      const process = async (): Promise<StoredAnswer> => {
        if (body instanceof Error)
          return { status: 400, body: JSON.stringify({ Success: false, Message: body.message }) };
        try {
          return {
            status: 200,
            body: JSON.stringify(await handler(fieldReader(body as Record<string, unknown>), { requestId, baseUrl })),
          };
        } catch (error) {
          if (!(error instanceof FieldError)) throw error;
          return { status: 200, body: JSON.stringify({ Success: false, Message: error.message }) };
        }
      };
      const { answer } = requestId ? await core.idempotency.run(requestId, process) : { answer: await process() };
      const faults = core.faults.get();
      const until = AbortSignal.any([core.shutdown.signal, core.faults.changed()]);
      if (faulty && core.faults.roll('timeoutRate')) await sleep(HOLD_MS, until);
      if (faulty && faults.latencyMs > 0) await sleep(faults.latencyMs, until);
      return c.body(answer.body, answer.status as 200, { 'content-type': 'application/json; charset=utf-8' });
    } finally {
      inFlight--;
    }
  }

  const route = (path: string, handler: Handler) => app.post(path, (c) => serve(c, handler));

  // `/test` answers without credentials, as the real API does (third-party clients ping it unauthenticated).
  app.post('/test', (c) => serve(c, () => ({ Success: true, Message: crypto.randomUUID() }), true));
  for (const [path, twoStage] of [
    ['/payments/cards/charge', false],
    ['/payments/cards/auth', true],
  ] as const) {
    route(path, (f, { requestId, baseUrl }) =>
      payByCryptogram(
        core,
        { ...paymentCommon(f, requestId, twoStage), packet: f.required('CardCryptogramPacket') },
        `${baseUrl}/acs`,
      ),
    );
  }
  for (const path of ['/payments/cards/post3ds', '/payments/post3ds']) {
    route(path, (f) => completeThreeDs(core, f.int('TransactionId'), f.required('PaRes')));
  }
  for (const [path, twoStage] of [
    ['/payments/tokens/charge', false],
    ['/payments/tokens/auth', true],
  ] as const) {
    route(path, (f, { requestId }) => {
      const common = { ...paymentCommon(f, requestId, twoStage), accountId: f.required('AccountId') };
      return payByToken(core, { ...common, token: f.required('Token'), trInitiatorCode: f.int('TrInitiatorCode') });
    });
  }
  route('/payments/confirm', (f) => confirm(core, f.int('TransactionId'), f.amount(), f.json()));
  route('/payments/void', (f) => voidPayment(core, f.int('TransactionId')));
  route('/payments/refund', (f, { requestId }) =>
    refund(core, { transactionId: f.int('TransactionId'), amount: f.amount(), jsonData: f.json(), requestId }),
  );
  route('/payments/get', (f) => {
    const tx = core.ledger.get(f.int('TransactionId'));
    return tx
      ? { Success: true, Message: null, Model: transactionModel(tx) }
      : { Success: false, Message: 'Not found' };
  });
  for (const [path, withRefunds] of [
    ['/payments/find', false],
    ['/v2/payments/find', true],
  ] as const) {
    route(path, (f) => {
      const tx = core.ledger.latestForInvoice(f.required('InvoiceId'), withRefunds);
      return tx
        ? { Success: true, Message: null, Model: transactionModel(tx) }
        : { Success: false, Message: 'Not found' };
    });
  }
  route('/payments/list', (f) => listDay(core, f));
  route('/v2/payments/list', (f) => listPeriod(core, f));
  route('/orders/create', (f, { baseUrl }) => {
    const order = core.orders.create(
      {
        amount: f.amount(),
        currency: f.currency(),
        description: f.required('Description'),
        email: f.str('Email'),
        invoiceId: f.str('InvoiceId'),
        accountId: f.str('AccountId'),
        requireConfirmation: f.bool('RequireConfirmation'),
        successRedirectUrl: f.str('SuccessRedirectUrl'),
        failRedirectUrl: f.str('FailRedirectUrl'),
        jsonData: f.json(),
      },
      baseUrl,
    );
    return { Success: true, Message: null, Model: orderModel(order) };
  });
  route('/orders/cancel', (f) => {
    const order = core.orders.get(f.required('Id'));
    if (!order) return { Success: false, Message: 'Not found' };
    if (order.status !== 'Created') return { Success: false, Message: `Order is ${order.status}` };
    order.status = 'Cancelled';
    return { Success: true, Message: null };
  });
  return app;
}
