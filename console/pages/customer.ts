import type { Hono } from 'hono';
import { html } from 'hono/html';
import { cancelForm, decideForm, refundForm, resendForm, resolveForm, retryForm } from '../action-forms.js';
import type { ConsoleEnv, ConsoleSettings } from '../console-env.js';
import { readCustomer } from '../customer-record.js';
import type { Json } from '../in-process-api.js';
import { pageShell } from '../page-shell.js';
import { latestEntries, money, timelineOf } from '../timeline.js';

const LIVE = new Set(['active', 'past_due', 'trialing', 'pending']);

const workflowLink = (s: ConsoleSettings, workflowId: string) =>
  html`<a href="${s.temporalUiUrl}/namespaces/${encodeURIComponent(s.temporalNamespace)}/workflows/${encodeURIComponent(workflowId)}"
    rel="noopener" target="_blank">${workflowId} in the Temporal Web UI</a>`;

const subscriptionCard = (s: ConsoleSettings, csrf: string, userId: string, sub: Json) => html`<section class="card"
    aria-labelledby="sub-${sub.id}">
  <h3 id="sub-${sub.id}">Subscription ${sub.id} · <span class="status">${sub.status}</span></h3>
  <p>Plan ${sub.planId}; period ${sub.currentPeriodStart ?? '—'} to ${sub.currentPeriodEnd ?? '—'}${
    sub.nextChargeAt ? html`; next charge ${sub.nextChargeAt}` : ''
  }${sub.pastDueSince ? html`; <span class="bad">past due since ${sub.pastDueSince}</span>` : ''}${
    sub.cancelAtPeriodEnd ? '; cancels at the period end' : ''
  }${sub.canceledAt ? html`; canceled ${sub.canceledAt} (${sub.cancelReason})` : ''}</p>
  <p>${workflowLink(s, `subscription-${sub.id}`)}</p>
  ${sub.status === 'past_due' ? retryForm(csrf, userId, sub) : ''}
  ${LIVE.has(sub.status) ? html`<details><summary>Cancel this subscription</summary>${cancelForm(csrf, userId, sub)}</details>` : ''}
</section>`;

export function registerCustomerPage(ui: Hono<ConsoleEnv>, settings: ConsoleSettings) {
  ui.get('/customers/:userId', async (c) => {
    const userId = c.req.param('userId');
    const csrf = c.get('csrf');
    const operator = c.get('principal').userId;
    const record = await readCustomer(c.get('api'), userId);
    const pending = record.refunds.filter((f) => f.status === 'awaiting_approval');
    const refundable = record.payments.filter((p) => p.status === 'succeeded' && p.amount > p.refundedAmount);
    const undelivered = record.events.filter((e) => !e.deliveredAt);
    const timeline = latestEntries(timelineOf(record));
    const body = html`
      <h2>Current state</h2>
      ${record.subscriptions.length === 0 ? html`<p>No subscriptions.</p>` : record.subscriptions.map((s) => subscriptionCard(settings, csrf, userId, s))}
      ${
        pending.length > 0
          ? html`<h2>Refunds waiting for approval</h2>${pending.map(
              (f) => html`<section class="card" aria-label="Refund ${f.id} waiting for approval">
          <p>Refund ${f.id} of ${money(f.amount, f.currency)} on payment ${f.paymentId}, requested by <strong>${f.requestedBy}</strong>: “${f.reason}”; decide by ${f.approvalDeadline ?? '—'}.
          ${workflowLink(settings, `refund-${f.id}`)}</p>
          ${f.requestedBy === operator ? html`<p class="muted">You requested it: another operator must decide.</p>` : decideForm(csrf, userId, f)}
        </section>`,
            )}`
          : ''
      }
      ${
        record.discrepancies.length > 0
          ? html`<h2>Open discrepancies</h2>${record.discrepancies.map(
              (
                d,
              ) => html`<section class="card" aria-label="Discrepancy ${d.id}"><p>${d.kind} (${d.id}) on payment ${d.paymentId ?? `with acquirer transaction ${d.acquirer?.paymentTransactionId}`}, found ${d.detectedAt}.</p>
          ${resolveForm(csrf, userId, d)}</section>`,
            )}`
          : ''
      }
      ${
        refundable.length > 0
          ? html`<h2>Refund a payment</h2>${refundable.map(
              (p) =>
                html`<details><summary>Payment ${p.id}: ${money(p.amount - p.refundedAmount, p.currency)} refundable</summary>${refundForm(csrf, userId, p)}</details>`,
            )}`
          : ''
      }
      ${
        undelivered.length > 0
          ? html`<h2>Events not delivered</h2>${undelivered.map(
              (e) => html`<details><summary>${e.type} (${e.id})</summary>${resendForm(csrf, userId, e)}</details>`,
            )}`
          : ''
      }
      <h2 id="timeline">Timeline, newest first</h2>
      ${
        timeline.total > timeline.shown.length
          ? html`<p class="muted" role="note">Showing the latest ${timeline.shown.length} of ${timeline.total} entries.</p>`
          : ''
      }
      <table aria-labelledby="timeline"><thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Details</th></tr></thead>
      <tbody>${timeline.shown.map(
        (e) => html`<tr><td>${e.at}</td><td class="kind">${e.kind}</td><td class="${e.tone ?? ''}">${e.what}</td></tr>`,
      )}</tbody></table>`;
    return c.html(pageShell({ title: `Customer ${userId}`, csrf, operator }, body));
  });
}
