import { randomUUID } from 'node:crypto';
import { html } from 'hono/html';
import type { Json } from './in-process-api.js';

/**
 * What every action form carries: the session's CSRF token, a fresh Idempotency-Key (a double submit replays), and
 * where to go back: a customer's user id, or the console page (a work queue) the form was on.
 */
const hidden = (csrf: string, back: string) => html`<input type="hidden" name="csrf" value="${csrf}">
  <input type="hidden" name="idempotencyKey" value="${randomUUID()}">
  <input type="hidden" name="back" value="${back}">`;

const reason = (id: string) => html`<label for="${id}">Reason (kept in the audit log)</label>
  <input id="${id}" name="reason" required maxlength="500" autocomplete="off">`;

export const refundForm = (csrf: string, back: string, p: Json) => html`<form method="post" class="action"
    action="/console/actions/payments/${p.id}/refund" aria-label="Refund payment ${p.id}">
  ${hidden(csrf, back)}
  <label for="amount-${p.id}">Amount in minor units (empty: everything left, ${p.amount - p.refundedAmount})</label>
  <input id="amount-${p.id}" name="amount" inputmode="numeric" pattern="[0-9]*" autocomplete="off">
  ${reason(`refund-reason-${p.id}`)}
  <button type="submit">Refund payment</button>
</form>`;

export const decideForm = (csrf: string, back: string, f: Json) => html`<form method="post" class="action"
    action="/console/actions/refunds/${f.id}/decide" aria-label="Approve or reject refund ${f.id}">
  ${hidden(csrf, back)}
  ${reason(`decide-reason-${f.id}`)}
  <div><button type="submit" name="decision" value="approve">Approve refund</button>
  <button type="submit" name="decision" value="reject">Reject refund</button></div>
</form>`;

export const cancelForm = (csrf: string, back: string, s: Json) => html`<form method="post" class="action"
    action="/console/actions/subscriptions/${s.id}/cancel" aria-label="Cancel subscription ${s.id}">
  ${hidden(csrf, back)}
  <label for="mode-${s.id}">When</label>
  <select id="mode-${s.id}" name="mode"><option value="immediately">Now</option><option value="at_period_end">At the period's end</option></select>
  <label for="refund-${s.id}">Refund</label>
  <select id="refund-${s.id}" name="refund"><option value="none">None</option><option value="prorated">Prorated (only when cancelling now)</option></select>
  ${reason(`cancel-reason-${s.id}`)}
  <button type="submit">Cancel subscription</button>
</form>`;

export const retryForm = (csrf: string, back: string, s: Json) => html`<form method="post" class="action"
    action="/console/actions/subscriptions/${s.id}/retry" aria-label="Retry the renewal of ${s.id} now">
  ${hidden(csrf, back)}
  ${reason(`retry-reason-${s.id}`)}
  <button type="submit">Retry the renewal now</button>
</form>`;

export const resendForm = (csrf: string, back: string, e: Json) => html`<form method="post" class="action"
    action="/console/actions/events/${e.id}/resend" aria-label="Resend event ${e.id}">
  ${hidden(csrf, back)}
  ${reason(`resend-reason-${e.id}`)}
  <button type="submit">Resend event</button>
</form>`;

export const resolveForm = (csrf: string, back: string, d: Json) => html`<form method="post" class="action"
    action="/console/actions/discrepancies/${d.id}/resolve" aria-label="Resolve discrepancy ${d.id}">
  ${hidden(csrf, back)}
  ${reason(`resolve-reason-${d.id}`)}
  <button type="submit">Mark resolved</button>
</form>`;

/** Reconciliation is global: it settles unknown payments and lists disagreements with the acquirer (README guide, 3-4). */
export const reconcileForm = (csrf: string, back = '') => html`<form method="post" class="action"
    action="/console/actions/reconciliation/now/run" aria-label="Run reconciliation now">
  ${hidden(csrf, back)}
  ${reason('reconcile-reason')}
  <button type="submit">Run reconciliation now</button>
</form>`;
