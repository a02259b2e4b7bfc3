import type { Hono } from 'hono';
import { html } from 'hono/html';
import { DECLINE_CLASSES } from '../../db/schema/statuses.js';
import { retryForm } from '../action-forms.js';
import type { ConsoleEnv } from '../console-env.js';
import type { Json } from '../in-process-api.js';
import { backHere, customerLink, type Filter, readQueue, renderQueue } from '../queue-page.js';
import { money } from '../timeline.js';

const FILTERS: readonly Filter[] = [
  { name: 'planId', label: 'Plan' },
  { name: 'declineClass', label: 'Class of the last decline', options: DECLINE_CLASSES },
  { name: 'retryBefore', label: 'Automatic retry before (ISO time, e.g. 2026-12-03T18:00:00Z)' },
];

/** Past-due subscriptions: what they owe, the last decline, and when the saved card is charged again. */
export function registerDunningQueue(ui: Hono<ConsoleEnv>) {
  ui.get('/queues/dunning', async (c) => {
    const page = await readQueue(c, '/v1/admin/dunning', FILTERS);
    const row = (s: Json) => html`<tr>
      <td>${customerLink(s.userId)}<br><span class="muted">${s.id}, plan ${s.planId}</span></td>
      <td>${s.amount === null ? '—' : money(s.amount, s.currency)}<br><span class="muted">${s.invoiceId ?? ''}</span></td>
      <td>${s.attempts}</td>
      <td class="bad">${s.declineCode ? `${s.declineReason ?? 'no reason given'} (code ${s.declineCode}${s.declineClass ? `, ${s.declineClass}` : ''})` : '—'}
        <br><span class="muted">${s.lastDeclinedAt ?? ''}</span></td>
      <td>${s.pastDueSince ?? '—'}</td>
      <td class="next-retry">${s.nextRetryAt ?? 'none (hard decline)'}</td>
      <td><details><summary>Retry now</summary>${retryForm(c.get('csrf'), backHere(c), s)}</details></td>
    </tr>`;
    const table = html`<table aria-label="Subscriptions in dunning"><thead><tr><th scope="col">Customer</th>
      <th scope="col">Owes</th><th scope="col">Attempts</th><th scope="col">Last decline</th><th scope="col">Past due since</th>
      <th scope="col">Next retry</th><th scope="col">Action</th></tr></thead><tbody>${page.items.map(row)}</tbody></table>`;
    return renderQueue(c, 'dunning', FILTERS, page, table);
  });
}
