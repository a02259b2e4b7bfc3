import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { ConsoleEnv } from './console-env.js';
import type { ApiAnswer } from './in-process-api.js';
import { notice, pageShell } from './page-shell.js';
import { refusalPage } from './pages/refusal.js';

type Form = Record<string, string | File>;
const text = (form: Form, key: string) => (typeof form[key] === 'string' ? (form[key] as string).trim() : '');
const enc = encodeURIComponent;

/** Each action posts to the admin API route that does it; its answer is shown, or its refusal in words. */
const ACTIONS: Record<string, (id: string, form: Form) => { method: string; path: string; body?: unknown }> = {
  'payments/refund': (id, f) => ({
    method: 'POST',
    path: `/v1/payments/${enc(id)}/refunds`,
    body: { reason: text(f, 'reason'), ...(text(f, 'amount') ? { amount: Number(text(f, 'amount')) } : {}) },
  }),
  'refunds/decide': (id, f) => ({
    method: 'POST',
    path: `/v1/refunds/${enc(id)}/${text(f, 'decision') === 'reject' ? 'reject' : 'approve'}`,
    body: { reason: text(f, 'reason') },
  }),
  'subscriptions/cancel': (id, f) => ({
    method: 'POST',
    path: `/v1/admin/subscriptions/${enc(id)}/cancel`,
    body: { mode: text(f, 'mode') || 'immediately', refund: text(f, 'refund') || 'none', reason: text(f, 'reason') },
  }),
  'subscriptions/retry': (id, f) => ({
    method: 'POST',
    path: `/v1/admin/subscriptions/${enc(id)}/retry`,
    body: { reason: text(f, 'reason') },
  }),
  'events/resend': (id, f) => ({
    method: 'POST',
    path: `/v1/admin/events/${enc(id)}/redeliver`,
    body: { reason: text(f, 'reason') },
  }),
  // Starts a run and answers with its workflow at once; its findings appear on the customers' pages.
  'reconciliation/run': () => ({ method: 'POST', path: '/v1/admin/reconciliation/run' }),
  'discrepancies/resolve': (id, f) => ({
    method: 'POST',
    path: `/v1/admin/reconciliation/discrepancies/${enc(id)}/resolve`,
    body: { reason: text(f, 'reason') },
  }),
};

const REFUND_WAIT_MS = 10_000;

/** A user id goes back to the customer; a work queue's own path (only ever under /console/) back to that page. */
const backOf = (raw: string) => (!raw ? '' : raw.startsWith('/console/') ? raw : `/console/customers/${enc(raw)}`);

/** A refund the acquirer is still answering: wait (bounded) for its outcome, so the page shows what happened. */
async function settledRefund(c: Context<ConsoleEnv>, answer: ApiAnswer): Promise<ApiAnswer> {
  const deadline = Date.now() + REFUND_WAIT_MS;
  let latest = answer;
  while (latest.ok && latest.body?.status === 'pending' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    latest = await c.get('api').call('GET', `/v1/refunds/${enc(answer.body.id)}`);
  }
  return latest.ok ? latest : answer;
}

function resultPage(c: Context<ConsoleEnv>, answer: ApiAnswer, back: string) {
  const b = answer.body ?? {};
  const what = b.workflowId
    ? `reconciliation ${b.workflowId} started`
    : [b.id, b.status ?? (b.resolved ? 'resolved' : undefined)].filter(Boolean).join(' is now ');
  const body = html`${notice('ok', html`Done: <span class="result">${what || 'accepted'}</span>`)}
    ${b.status === 'awaiting_approval' ? html`<p>Another operator must approve it from the customer's page or the <a href="/console/queues/refunds">refunds queue</a>.</p>` : ''}
    ${b.status === 'pending' ? html`<p>The acquirer has not answered yet; the customer's page shows the outcome when it does.</p>` : ''}
    ${back ? html`<p><a href="${back}">${back.startsWith('/console/customers/') ? 'Back to the customer' : 'Back to the list'}</a></p>` : ''}`;
  return c.html(pageShell({ title: 'Action done', csrf: c.get('csrf'), operator: c.get('principal').userId }, body));
}

export function registerActionRoutes(ui: Hono<ConsoleEnv>) {
  ui.post('/actions/:kind/:id/:verb', async (c) => {
    const build = ACTIONS[`${c.req.param('kind')}/${c.req.param('verb')}`];
    if (!build) return c.notFound();
    const form = (await c.req.parseBody()) as Form;
    const back = backOf(text(form, 'back'));
    if (!text(form, 'reason'))
      return refusalPage(
        c,
        { ok: false, status: 400, body: { error: { code: 'validation_failed', message: 'a reason is required' } } },
        back || undefined,
      );
    const { method, path, body } = build(c.req.param('id'), form);
    const answer = await c.get('api').call(method, path, body, text(form, 'idempotencyKey') || undefined);
    if (!answer.ok) return refusalPage(c, answer, back || undefined);
    const isRefund = path.startsWith('/v1/payments/') || path.startsWith('/v1/refunds/');
    return resultPage(c, isRefund ? await settledRefund(c, answer) : answer, back);
  });
}
