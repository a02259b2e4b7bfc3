import type { Hono } from 'hono';
import { html } from 'hono/html';
import { DISCREPANCY_KINDS } from '../../db/schema/statuses.js';
import { reconcileForm, resolveForm } from '../action-forms.js';
import type { ConsoleEnv } from '../console-env.js';
import type { Json } from '../in-process-api.js';
import { backHere, type Filter, findLink, readQueue, renderQueue } from '../queue-page.js';

const FILTERS: readonly Filter[] = [{ name: 'kind', label: 'Kind', options: DISCREPANCY_KINDS }];

/** Who a discrepancy is about: our payment when we have one, else the acquirer's transaction of it. */
const customerOf = (d: Json) => {
  if (d.paymentId) return findLink(d.paymentId, `Customer of payment ${d.paymentId}`);
  const transaction = d.acquirer?.paymentTransactionId ?? d.providerTransactionId;
  return transaction ? findLink(String(transaction), `Customer of transaction ${transaction}`) : '—';
};

const side = (view: Json) =>
  view
    ? Object.entries(view)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')
    : 'no record';

/** Disagreements with the acquirer that reconciliation could not settle (README guide, 4). */
export function registerDiscrepancyQueue(ui: Hono<ConsoleEnv>) {
  ui.get('/queues/discrepancies', async (c) => {
    const page = await readQueue(c, '/v1/admin/reconciliation/discrepancies', FILTERS, { resolved: 'false' });
    const row = (d: Json) => html`<tr>
      <td class="kind">${d.kind}<br><span class="muted">${d.id}</span></td>
      <td>${customerOf(d)}</td>
      <td>${side(d.ours)}</td>
      <td>${d.provider}: ${side(d.acquirer)}</td>
      <td>${d.detectedAt}</td>
      <td><details><summary>Resolve</summary>${resolveForm(c.get('csrf'), backHere(c), d)}</details></td>
    </tr>`;
    const table = html`<table aria-label="Unresolved discrepancies"><thead><tr><th scope="col">Kind</th>
      <th scope="col">Customer</th><th scope="col">Ours</th><th scope="col">The acquirer's</th><th scope="col">Found</th>
      <th scope="col">Action</th></tr></thead><tbody>${page.items.map(row)}</tbody></table>`;
    const intro = html`<p>Settle each by hand (e.g. refund at the acquirer), then mark it resolved with how. A new run:</p>
      ${reconcileForm(c.get('csrf'), backHere(c))}`;
    return renderQueue(c, 'discrepancies', FILTERS, page, table, intro);
  });
}
