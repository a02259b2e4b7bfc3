// The confirmation page (`/yookassa/checkout/<paymentId>`): a card form for a link payment, then the 3-D Secure
// code page for 3-DS cards (or `enforce`), then the browser goes back to `return_url` — which carries no result:
// the merchant must ask the API.
import { type Context, Hono } from 'hono';
import { readCard } from './cards.js';
import type { YooKassaCore } from './core.js';
import { finishThreeDs, submitCard } from './outcome.js';
import { checkoutForm, outcomePage, threeDsForm } from './pages.js';
import type { SandboxPayment } from './store.js';

const formValue = (form: Record<string, unknown>, name: string) => {
  const v = form[name];
  return typeof v === 'string' ? v.trim() : '';
};

export function createYooKassaHostedPageRoutes(core: YooKassaCore) {
  const app = new Hono();
  const back = (c: Context, p: SandboxPayment) => {
    const target = p.confirmation?.returnUrl;
    return target ? c.redirect(target, 303) : c.html(outcomePage(p));
  };

  app.get('/:id', (c) => {
    const p = core.store.payments.get(c.req.param('id'));
    if (!p) return c.html(outcomePage(undefined), 404);
    if (p.status !== 'pending') return back(c, p);
    if (p.threeDs === 'required') return c.redirect(`/yookassa/checkout/${p.id}/3ds`, 303);
    return c.html(checkoutForm(p));
  });

  app.post('/:id', async (c) => {
    const p = core.store.payments.get(c.req.param('id'));
    if (!p) return c.html(outcomePage(undefined), 404);
    if (p.status !== 'pending' || p.card) return back(c, p);
    const form = await c.req.parseBody();
    const [month = '', year = ''] = formValue(form, 'exp').split('/');
    const card = readCard({
      cardNumber: formValue(form, 'cardNumber'),
      expMonth: month,
      expYear: year,
      cvv: formValue(form, 'cvv'),
    });
    if ('errors' in card) return c.html(checkoutForm(p, Object.values(card.errors).join(', ')), 400);
    if (submitCard(core, p, card) === 'challenge') return c.redirect(`/yookassa/checkout/${p.id}/3ds`, 303);
    return back(c, p);
  });

  app.get('/:id/3ds', (c) => {
    const p = core.store.payments.get(c.req.param('id'));
    if (!p) return c.html(outcomePage(undefined), 404);
    if (p.status !== 'pending' || p.threeDs !== 'required') return back(c, p);
    return c.html(threeDsForm(p));
  });

  app.post('/:id/3ds', async (c) => {
    const p = core.store.payments.get(c.req.param('id'));
    if (!p) return c.html(outcomePage(undefined), 404);
    const form = await c.req.parseBody();
    finishThreeDs(core, p, formValue(form, 'result') === 'success' ? 'success' : 'fail');
    return back(c, p);
  });
  return app;
}
