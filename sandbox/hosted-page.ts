// The order's payment page (`/d/<orderId>`), the sandbox's ACS (`/acs`) and the order's TermUrl.
import { type Context, Hono } from 'hono';
import type { Envelope, SandboxCore } from './core.js';
import { createCryptogram } from './cryptogram.js';
import { acsPage, autoPost, cardForm, resultPage } from './html.js';
import { orderPayment, type SandboxOrder } from './orders.js';
import { completeThreeDs, payByCryptogram } from './payments.js';

const formValue = (form: Record<string, unknown>, name: string) => {
  const v = form[name];
  return typeof v === 'string' ? v.trim() : '';
};

function summaryOf(paReq: string): string {
  try {
    const info = JSON.parse(Buffer.from(paReq.replace(/^\+\//, ''), 'base64').toString('utf8')) as Record<
      string,
      unknown
    >;
    return `Подтвердите оплату ${String(info.Amount)} ${String(info.CurrencyCode)} картой *${String(info.LastFour)}`;
  } catch {
    return 'Подтвердите оплату';
  }
}

export function createHostedPageRoutes(core: SandboxCore, options: { baseUrl?: string | undefined }) {
  const app = new Hono();
  const base = (c: Context) => options.baseUrl ?? new URL(c.req.url).origin;

  function finish(c: Context, order: SandboxOrder, envelope: Envelope) {
    const model = envelope.Model as { CardHolderMessage?: string } | undefined;
    const target = envelope.Success ? order.successRedirectUrl : order.failRedirectUrl;
    if (target) return c.redirect(target, 303);
    return c.html(
      resultPage(
        envelope.Success,
        envelope.Success ? order.description : (model?.CardHolderMessage ?? envelope.Message ?? ''),
      ),
    );
  }

  app.get('/d/:id', (c) => {
    const order = core.orders.get(c.req.param('id'));
    if (!order) return c.html(resultPage(false, 'Заказ не найден'), 404);
    if (order.status !== 'Created') return c.html(resultPage(order.status === 'Paid', `Заказ: ${order.status}`));
    return c.html(cardForm(order));
  });

  app.post('/d/:id', async (c) => {
    const order = core.orders.get(c.req.param('id'));
    if (!order) return c.html(resultPage(false, 'Заказ не найден'), 404);
    if (order.status !== 'Created') return c.html(resultPage(order.status === 'Paid', `Заказ: ${order.status}`));
    const form = await c.req.parseBody();
    const [month = '', year = ''] = formValue(form, 'exp').split('/');
    const card = createCryptogram({
      cardNumber: formValue(form, 'cardNumber'),
      expMonth: month,
      expYear: year,
      cvv: formValue(form, 'cvv'),
    });
    if ('errors' in card) return c.html(cardForm(order, Object.values(card.errors).join(', ')), 400);
    const payer = {
      ipAddress: c.req.header('x-forwarded-for') ?? '127.0.0.1',
      name: formValue(form, 'name') || null,
      packet: card.packet,
    };
    const envelope = await payByCryptogram(core, orderPayment(order, payer), `${base(c)}/acs`);
    const challenge = envelope.Model as { AcsUrl?: string; PaReq?: string; TransactionId?: number } | undefined;
    if (!envelope.Success && challenge?.AcsUrl && challenge.PaReq) {
      const fields = {
        PaReq: challenge.PaReq,
        MD: String(challenge.TransactionId),
        TermUrl: `${base(c)}/d/${order.id}/3ds`,
      };
      return c.html(autoPost(challenge.AcsUrl, fields, '3-D Secure'));
    }
    return finish(c, order, envelope);
  });

  app.post('/d/:id/3ds', async (c) => {
    const order = core.orders.get(c.req.param('id'));
    if (!order) return c.html(resultPage(false, 'Заказ не найден'), 404);
    const form = await c.req.parseBody();
    return finish(c, order, await completeThreeDs(core, Number(formValue(form, 'MD')), formValue(form, 'PaRes')));
  });

  app.post('/acs', async (c) => {
    const form = await c.req.parseBody();
    const paReq = formValue(form, 'PaReq');
    const md = formValue(form, 'MD');
    const termUrl = formValue(form, 'TermUrl');
    if (!paReq || !md || !termUrl) return c.html(resultPage(false, 'PaReq, MD and TermUrl are required'), 400);
    return c.html(acsPage({ paReq, md, termUrl, summary: summaryOf(paReq) }));
  });

  app.post('/acs/answer', async (c) => {
    const form = await c.req.parseBody();
    const md = formValue(form, 'MD');
    const result = formValue(form, 'result') === 'success' ? 'success' : 'fail';
    const paRes = core.threeDs.paRes(Number(md), result);
    return c.html(autoPost(formValue(form, 'TermUrl'), { MD: md, PaRes: paRes }, 'Возврат в магазин'));
  });

  app.get('/d/:id/result', (c) => {
    const order = core.orders.get(c.req.param('id'));
    return c.html(resultPage(order?.status === 'Paid', order ? `Заказ: ${order.status}` : 'Заказ не найден'));
  });
  return app;
}
