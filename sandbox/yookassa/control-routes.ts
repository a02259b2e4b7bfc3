// Test controls under /yookassa/_sandbox/ (JSON, no auth; test mode only), mirroring the CloudPayments ones.
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { readCard } from './cards.js';
import type { YooKassaCore } from './core.js';
import { yooKassaFaultSchema } from './faults.js';
import { ledger } from './ledger.js';
import { expire, finishThreeDs, submitCard } from './outcome.js';
import { resendNotification } from './resend.js';
import { paymentObject } from './views.js';

const cardSchema = z.object({
  cardNumber: z.string().min(1),
  expMonth: z.union([z.string(), z.number()]).default(12),
  expYear: z.union([z.string(), z.number()]).default(new Date().getUTCFullYear() + 3),
  cvv: z.string().default('123'),
});
const confirmSchema = z.object({ result: z.enum(['success', 'fail']) });
const behaviorSchema = z.object({ reason: z.string().min(1).nullable(), times: z.number().int().min(1).optional() });
const resendSchema = z
  .object({
    paymentId: z.string().min(1).optional(),
    refundId: z.string().min(1).optional(),
    event: z.string().optional(),
  })
  .refine((r) => (r.paymentId === undefined) !== (r.refundId === undefined), 'Give exactly one of paymentId, refundId');

async function json(request: Request): Promise<unknown> {
  const text = await request.text();
  return text.trim() ? JSON.parse(text) : {};
}
const problem = (c: Context, status: 404 | 409, code: string, message: string) =>
  c.json({ error: { code, message } }, status);

export function createYooKassaControlRoutes(core: YooKassaCore) {
  const app = new Hono();
  app.onError((error, c) => {
    const message = error instanceof z.ZodError ? z.prettifyError(error) : error.message;
    return c.json({ error: { code: 'validation_failed', message } }, 400);
  });
  const pending = (c: Context) => {
    const p = core.store.payments.get(c.req.param('id') ?? '');
    if (!p) return problem(c, 404, 'payment_not_found', 'No such payment');
    if (p.status !== 'pending') return problem(c, 409, 'payment_not_pending', `Payment is ${p.status}`);
    return p;
  };
  const show = (c: Context, id: string) => {
    const p = core.store.payments.get(id);
    return c.json(p ? paymentObject(p, core.store, core.shopId) : null);
  };

  app.post('/payment-token', async (c) => {
    const card = readCard(cardSchema.parse(await json(c.req.raw)));
    return 'errors' in card
      ? c.json({ errors: card.errors }, 400)
      : c.json({ paymentToken: core.store.issueToken(card) });
  });

  // A saved payment method as an earlier payment would have left it, for bulk imports of existing subscribers.
  app.post('/payment-methods', async (c) => {
    const input = cardSchema.extend({ cardNumber: z.string().min(1).default('5555555555554444') });
    const card = readCard(input.parse(await json(c.req.raw)));
    if ('errors' in card) return c.json({ errors: card.errors }, 400);
    const id = core.store.newMethodId();
    core.store.methods.set(id, { id, card, saved: true, status: 'active', behavior: null });
    return c.json({ token: id, last4: card.number.slice(-4), brand: card.brand });
  });

  app.post('/payments/:id/pay', async (c) => {
    const p = pending(c);
    if (p instanceof Response) return p;
    if (p.threeDs !== 'required') {
      const card = readCard(cardSchema.parse(await json(c.req.raw)));
      if ('errors' in card) return c.json({ errors: card.errors }, 400);
      submitCard(core, p, card);
    }
    finishThreeDs(core, p, 'success');
    return show(c, p.id);
  });

  app.post('/payments/:id/confirm', async (c) => {
    const { result } = confirmSchema.parse(await json(c.req.raw));
    const p = pending(c);
    if (p instanceof Response) return p;
    if (p.threeDs !== 'required') return problem(c, 409, 'no_three_ds', 'The payment does not wait for 3-D Secure');
    finishThreeDs(core, p, result);
    return show(c, p.id);
  });

  app.post('/payments/:id/expire', (c) => {
    const p = core.store.payments.get(c.req.param('id'));
    if (!p) return problem(c, 404, 'payment_not_found', 'No such payment');
    expire(core, p);
    return show(c, p.id);
  });

  app.post('/payment-methods/:id/behavior', async (c) => {
    const { reason, times } = behaviorSchema.parse(await json(c.req.raw));
    const method = core.store.methods.get(c.req.param('id'));
    if (!method) return problem(c, 404, 'payment_method_not_found', 'No such payment method');
    method.behavior = reason === null ? null : { reason, remaining: times };
    if (reason === null) method.status = 'active';
    return c.json({ paymentMethodId: method.id, reason, times: times ?? null });
  });

  app.post('/payments/:id/refund-behavior', async (c) => {
    const { reason, times } = behaviorSchema.parse(await json(c.req.raw));
    const id = c.req.param('id');
    if (!core.store.payments.has(id)) return problem(c, 404, 'payment_not_found', 'No such payment');
    if (reason === null) core.store.refundBehaviors.delete(id);
    else core.store.refundBehaviors.set(id, { reason, remaining: times });
    return c.json({ paymentId: id, reason, times: times ?? null });
  });

  app.post('/faults', async (c) => {
    core.faults.set(yooKassaFaultSchema.parse(await json(c.req.raw)));
    return c.json(core.faults.get());
  });
  app.delete('/faults', (c) => {
    core.faults.clear();
    return c.json(core.faults.get());
  });
  app.get('/faults', (c) => c.json(core.faults.get()));

  app.get('/transactions', (c) => c.json({ items: ledger(core) }));
  app.get('/notifications', (c) =>
    c.json({ items: core.notifier.log().map(({ body, ...entry }) => ({ ...entry, body: JSON.parse(body) })) }),
  );
  app.post('/notifications/resend', async (c) => {
    const entry = resendNotification(core, resendSchema.parse(await json(c.req.raw)));
    if (typeof entry === 'string') return problem(c, entry === 'not_found' ? 404 : 409, entry, 'Nothing to resend');
    return c.json({ ...entry, body: JSON.parse(entry.body) });
  });
  return app;
}
