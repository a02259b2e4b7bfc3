import type { Hono } from 'hono';
import { html } from 'hono/html';
import { REFUND_STATUSES } from '../../db/schema/statuses.js';
import { decideForm } from '../action-forms.js';
import type { ConsoleEnv } from '../console-env.js';
import type { Json } from '../in-process-api.js';
import { backHere, type Filter, findLink, readQueue, renderQueue } from '../queue-page.js';
import { money } from '../timeline.js';

const FILTERS: readonly Filter[] = [
  { name: 'status', label: 'Status', options: REFUND_STATUSES, initial: 'awaiting_approval' },
  { name: 'subscriptionId', label: 'Subscription id' },
  { name: 'paymentId', label: 'Payment id' },
];

/** Refunds above the approval threshold wait here for a second operator (four eyes: not the requester). */
export function registerRefundQueue(ui: Hono<ConsoleEnv>) {
  ui.get('/queues/refunds', async (c) => {
    const page = await readQueue(c, '/v1/refunds', FILTERS);
    const operator = c.get('principal').userId;
    const row = (f: Json) => html`<tr>
      <td>${f.id}<br><span class="muted">${f.status}</span></td>
      <td>${money(f.amount, f.currency)}</td>
      <td>${findLink(f.subscriptionId, `Customer of ${f.subscriptionId}`)}<br><span class="muted">payment ${f.paymentId}</span></td>
      <td><strong>${f.requestedBy}</strong>: “${f.reason}”<br><span class="muted">since ${f.createdAt}</span></td>
      <td>${f.approvalDeadline ?? '—'}</td>
      <td>${
        f.status !== 'awaiting_approval'
          ? ''
          : f.requestedBy === operator
            ? html`<span class="muted">You requested it: another operator must decide.</span>`
            : html`<details><summary>Approve or reject</summary>${decideForm(c.get('csrf'), backHere(c), f)}</details>`
      }</td>
    </tr>`;
    const table = html`<table aria-label="Refunds"><thead><tr><th scope="col">Refund</th><th scope="col">Amount</th>
      <th scope="col">Customer</th><th scope="col">Requested by</th><th scope="col">Decide by</th><th scope="col">Action</th></tr></thead>
      <tbody>${page.items.map(row)}</tbody></table>`;
    return renderQueue(c, 'refunds', FILTERS, page, table);
  });
}
