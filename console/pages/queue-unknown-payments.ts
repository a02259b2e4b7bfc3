import type { Hono } from 'hono';
import { html } from 'hono/html';
import { reconcileForm } from '../action-forms.js';
import type { ConsoleEnv } from '../console-env.js';
import type { Json } from '../in-process-api.js';
import { backHere, customerLink, type Filter, readQueue, renderQueue } from '../queue-page.js';
import { money } from '../timeline.js';

const FILTERS: readonly Filter[] = [
  { name: 'acquirer', label: 'Acquirer' },
  { name: 'userId', label: 'User id' },
  { name: 'subscriptionId', label: 'Subscription id' },
];

/** Payments whose outcome we could not learn: reconciliation asks the acquirer and settles them (README guide, 3). */
export function registerUnknownPaymentQueue(ui: Hono<ConsoleEnv>) {
  ui.get('/queues/unknown-payments', async (c) => {
    const page = await readQueue(c, '/v1/payments', FILTERS, { status: 'unknown' });
    const row = (p: Json) => html`<tr>
      <td>${p.id}<br><span class="muted">invoice ${p.invoiceId}</span></td>
      <td>${customerLink(p.userId)}<br><span class="muted">${p.subscriptionId}</span></td>
      <td>${money(p.amount, p.currency)}</td>
      <td>${p.acquirer}${p.providerTransactionId ? html`<br><span class="muted">transaction ${p.providerTransactionId}</span>` : ''}</td>
      <td>${p.createdAt}<br><span class="muted">updated ${p.updatedAt}</span></td>
    </tr>`;
    const table = html`<table aria-label="Payments with unknown outcome"><thead><tr><th scope="col">Payment</th>
      <th scope="col">Customer</th><th scope="col">Amount</th><th scope="col">Acquirer</th><th scope="col">Since</th></tr></thead>
      <tbody>${page.items.map(row)}</tbody></table>`;
    const intro = html`<p>Nothing to do by hand: the workflow looks each one up, and reconciliation settles anything
      stale. To settle them now:</p>${reconcileForm(c.get('csrf'), backHere(c))}`;
    return renderQueue(c, 'unknown-payments', FILTERS, page, table, intro);
  });
}
