import type { Hono } from 'hono';
import { html } from 'hono/html';
import { reconcileForm } from '../action-forms.js';
import type { ConsoleEnv } from '../console-env.js';
import type { InProcessApi, Json } from '../in-process-api.js';
import { pageShell } from '../page-shell.js';

export interface Match {
  userId: string;
  how: string;
}

const enc = encodeURIComponent;

/**
 * Who `q` may name: a subscription id, a payment id, a card's last four, an acquirer transaction id or a user id.
 * Every reading goes through the admin API; each kind that answers adds its customers.
 */
export async function findCustomers(api: InProcessApi, q: string): Promise<Match[]> {
  const found: Match[] = [];
  const subscription: Json = await api.find(`/v1/subscriptions/${enc(q)}`);
  if (subscription) found.push({ userId: subscription.userId, how: `subscription ${q}` });
  const payment: Json = await api.find(`/v1/payments/${enc(q)}`);
  if (payment) found.push({ userId: payment.userId, how: `payment ${q}` });
  if (/^\d{4}$/.test(q)) {
    const page: Json = await api.get(`/v1/payments?cardLastFour=${q}&limit=100`);
    for (const p of page.items) found.push({ userId: p.userId, how: `card ending ${q} (payment ${p.id})` });
  }
  const byTransaction: Json = await api.find(`/v1/payments?providerTransactionId=${enc(q)}&limit=20`);
  for (const p of byTransaction?.items ?? []) found.push({ userId: p.userId, how: `acquirer transaction ${q}` });
  const byUser: Json = await api.get(`/v1/subscriptions?userId=${enc(q)}&limit=1`);
  if (byUser.items.length > 0) found.push({ userId: q, how: 'user id' });
  const seen = new Set<string>();
  return found.filter((m) => !seen.has(m.userId) && seen.add(m.userId));
}

export function registerSearchPage(ui: Hono<ConsoleEnv>) {
  ui.get('/search', async (c) => {
    const q = (c.req.query('identifier') ?? '').trim().slice(0, 200);
    const matches = q ? await findCustomers(c.get('api'), q) : [];
    const results = !q
      ? ''
      : matches.length === 0
        ? html`<p role="status">No customer matches <strong>${q}</strong>.</p>`
        : html`<h2>Customers matching “${q}”</h2>
          <ul class="results">${matches.map(
            (m) => html`<li><a href="/console/customers/${enc(m.userId)}">${m.userId}</a>
              <span class="muted">by ${m.how}</span></li>`,
          )}</ul>`;
    const body = html`<form method="get" action="/console/search" role="search" class="action">
        <label for="identifier">User id, subscription id, payment id, card last four or acquirer transaction id</label>
        <input id="identifier" name="identifier" value="${q}" required maxlength="200" autocomplete="off">
        <button type="submit">Find</button>
      </form>
      ${results}
      <h2>Payments whose outcome is unknown, or charged without a record</h2>
      <p>Reconciliation asks the acquirer and settles them; what it cannot match appears on the customer's page as a discrepancy.</p>
      ${reconcileForm(c.get('csrf'))}`;
    return c.html(
      pageShell({ title: 'Find a customer', csrf: c.get('csrf'), operator: c.get('principal').userId }, body),
    );
  });
}
