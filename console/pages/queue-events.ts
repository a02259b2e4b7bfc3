import type { Hono } from 'hono';
import { html } from 'hono/html';
import { resendForm } from '../action-forms.js';
import type { ConsoleEnv } from '../console-env.js';
import type { Json } from '../in-process-api.js';
import { backHere, type Filter, findLink, readQueue, renderQueue } from '../queue-page.js';

const FILTERS: readonly Filter[] = [{ name: 'subscriptionId', label: 'Subscription id' }];

const deliveries = (e: Json) =>
  e.deliveries.length === 0
    ? html`<span class="muted">not handed to an endpoint yet</span>`
    : e.deliveries.map(
        (d: Json) =>
          html`<div>${d.endpoint}: ${d.attempts} attempt(s)${d.lastStatus ? `, last HTTP ${d.lastStatus}` : ''}${
            d.lastError ? html`, <span class="bad">${d.lastError}</span>` : ''
          }</div>`,
      );

/** Events some endpoint has not acknowledged yet, with each endpoint's attempts and last error. */
export function registerEventQueue(ui: Hono<ConsoleEnv>) {
  ui.get('/queues/events', async (c) => {
    const page = await readQueue(c, '/v1/admin/events', FILTERS, { delivered: 'false' });
    const row = (e: Json) => html`<tr>
      <td class="kind">${e.type}<br><span class="muted">${e.id}</span></td>
      <td>${e.subscriptionId ? findLink(e.subscriptionId, `Customer of ${e.subscriptionId}`) : '—'}</td>
      <td>${e.createdAt}</td>
      <td>${deliveries(e)}</td>
      <td><details><summary>Resend</summary>${resendForm(c.get('csrf'), backHere(c), e)}</details></td>
    </tr>`;
    const table = html`<table aria-label="Undelivered events"><thead><tr><th scope="col">Event</th>
      <th scope="col">Customer</th><th scope="col">Created</th><th scope="col">Deliveries</th><th scope="col">Action</th></tr></thead>
      <tbody>${page.items.map(row)}</tbody></table>`;
    return renderQueue(c, 'events', FILTERS, page, table);
  });
}
