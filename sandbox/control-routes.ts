// Test controls under /_sandbox/ (no Basic auth; only in test mode).
import { Hono } from 'hono';
import { z } from 'zod';
import { brandOf } from '../acquiring/cloudpayments/test-cards.js';
import type { SandboxCore } from './core.js';
import { createCryptogram } from './cryptogram.js';
import { faultSettingsSchema } from './faults.js';
import { transactionModel } from './ledger.js';
import { orderPayment } from './orders.js';
import { completeThreeDs, payByCryptogram } from './payments.js';

const cardSchema = z.object({
  cardNumber: z.string().min(1),
  expMonth: z.union([z.string(), z.number()]).default(12),
  expYear: z.union([z.string(), z.number()]).default(new Date().getUTCFullYear() + 3),
  cvv: z.string().default('123'),
});
const threeDsSchema = z.object({ result: z.enum(['success', 'fail']) });
/** A saved card as an earlier payment of `accountId` would have left it (bulk imports bring such tokens along). */
const mintSchema = z.object({
  accountId: z.string().min(1),
  cardNumber: z
    .string()
    .regex(/^\d{13,19}$/)
    .default('4242424242424242'),
  expMonth: z.number().int().min(1).max(12).default(12),
  expYear: z
    .number()
    .int()
    .min(2000)
    .max(2099)
    .default(new Date().getUTCFullYear() + 3),
});
const behaviorSchema = z.object({ reasonCode: z.number().int().min(0), times: z.number().int().min(1).optional() });

async function json(request: Request): Promise<unknown> {
  const text = await request.text();
  return text.trim() ? JSON.parse(text) : {};
}

export function createControlRoutes(core: SandboxCore, options: { baseUrl?: string | undefined }) {
  const app = new Hono();
  app.onError((error, c) => {
    const message = error instanceof z.ZodError ? z.prettifyError(error) : error.message;
    return c.json({ error: { code: 'validation_failed', message } }, 400);
  });

  app.post('/cryptogram', async (c) => {
    const input = cardSchema.parse(await json(c.req.raw));
    const result = createCryptogram(input);
    return 'errors' in result ? c.json({ errors: result.errors }, 400) : c.json(result);
  });

  app.post('/orders/:id/pay', async (c) => {
    const order = core.orders.get(c.req.param('id'));
    if (!order) return c.json({ error: { code: 'order_not_found', message: 'No such order' } }, 404);
    if (order.status !== 'Created')
      return c.json({ error: { code: 'order_not_payable', message: `Order is ${order.status}` } }, 409);
    const card = createCryptogram(cardSchema.parse(await json(c.req.raw)));
    if ('errors' in card) return c.json({ errors: card.errors }, 400);
    const baseUrl = options.baseUrl ?? new URL(c.req.url).origin;
    const payment = orderPayment(order, { ipAddress: '127.0.0.1', name: null, packet: card.packet });
    let envelope = await payByCryptogram(core, payment, `${baseUrl}/acs`);
    const challenge = envelope.Model as { AcsUrl?: string; TransactionId?: number } | undefined;
    if (!envelope.Success && challenge?.AcsUrl && challenge.TransactionId) {
      const id = challenge.TransactionId;
      envelope = await completeThreeDs(core, id, core.threeDs.paRes(id, 'success'));
    }
    return c.json(envelope.Model ?? envelope);
  });

  app.post('/3ds/:transactionId', async (c) => {
    const { result } = threeDsSchema.parse(await json(c.req.raw));
    const id = Number(c.req.param('transactionId'));
    const tx = core.ledger.get(id);
    if (!tx) return c.json({ error: { code: 'transaction_not_found', message: 'No such transaction' } }, 404);
    return c.json({ paRes: core.threeDs.paRes(id, result), md: String(id) });
  });

  app.post('/tokens', async (c) => {
    const { accountId, cardNumber, expMonth, expYear } = mintSchema.parse(await json(c.req.raw));
    const card = {
      firstSix: cardNumber.slice(0, 6),
      lastFour: cardNumber.slice(-4),
      expDate: `${String(expMonth).padStart(2, '0')}/${String(expYear % 100).padStart(2, '0')}`,
      cardType: brandOf(cardNumber),
    };
    const token = core.tokens.issue({ publicId: core.publicId, accountId, ...card });
    return c.json({
      token,
      accountId,
      last4: card.lastFour,
      firstSix: card.firstSix,
      brand: card.cardType,
      expDate: card.expDate,
    });
  });

  app.post('/tokens/:token/behavior', async (c) => {
    const { reasonCode, times } = behaviorSchema.parse(await json(c.req.raw));
    if (!core.tokens.setBehavior(c.req.param('token'), reasonCode, times)) {
      return c.json({ error: { code: 'token_not_found', message: 'No such token' } }, 404);
    }
    return c.json({ token: c.req.param('token'), reasonCode, times: times ?? null });
  });

  app.post('/faults', async (c) => {
    core.faults.set(faultSettingsSchema.parse(await json(c.req.raw)));
    return c.json(core.faults.get());
  });
  app.delete('/faults', (c) => {
    core.faults.clear();
    return c.json(core.faults.get());
  });
  app.get('/faults', (c) => c.json(core.faults.get()));

  app.get('/transactions', (c) =>
    c.json({
      items: core.ledger.all().map((tx) => ({
        ...transactionModel(tx),
        Kind: tx.kind,
        RequestId: tx.requestId,
        OrderId: tx.orderId,
        Receipt: tx.receipt,
        ReceiptProblem: tx.receiptProblem,
      })),
    }),
  );
  app.get('/notifications', (c) => c.json({ items: core.notifier.log() }));
  return app;
}
