import type { Hono } from 'hono';
import { html } from 'hono/html';
import { barChart } from '../bar-chart.js';
import type { ConsoleEnv } from '../console-env.js';
import type { Json } from '../in-process-api.js';
import { pageShell } from '../page-shell.js';
import { money } from '../timeline.js';

/** Per-currency amounts in minor units, for display only: "1234.50 RUB, 9.99 USD". */
const amounts = (list: Json[]) => (list.length === 0 ? '—' : list.map((a) => money(a.amount, a.currency)).join(', '));

const percent = (rate: number) => `${(rate * 100).toFixed(1)} %`;

const table = (label: string, head: string[], rows: unknown[][]) => html`<table aria-label="${label}">
  <thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
  <tbody>${rows.map((r) => html`<tr>${r.map((v) => html`<td>${v}</td>`)}</tr>`)}</tbody></table>`;

/** The numbers finance asks for, over GET /v1/admin/finance/summary; a date picks the renewals' day. */
export function registerFinancePage(ui: Hono<ConsoleEnv>) {
  ui.get('/finance', async (c) => {
    const date = (c.req.query('date') ?? '').trim() || new Date().toISOString().slice(0, 10);
    const s: Json = await c.get('api').get(`/v1/admin/finance/summary?date=${encodeURIComponent(date)}`);
    const live: Json[] = s.liveSubscriptions;
    const r = s.dunningRecovery;
    const body = html`<form method="get" action="/console/finance" class="action" aria-label="Day">
        <label for="date">Renewals of the UTC day (the 30-day figures end with it)</label>
        <input id="date" name="date" type="date" value="${s.date}" required>
        <button type="submit">Show</button>
      </form>
      <h2 id="live">Live subscriptions now, by plan and status</h2>
      ${barChart(
        'Live subscriptions by plan and status',
        live.map((g) => ({
          label: `${g.planId} · ${g.status}`,
          value: g.count,
          tone: g.status === 'past_due' ? 'bad' : undefined,
        })),
      )}
      ${table(
        'Live subscriptions',
        ['Plan', 'Status', 'Subscriptions'],
        live.map((g) => [g.planId, g.status, g.count]),
      )}
      <h2>Monthly recurring revenue now</h2>
      ${table(
        'Monthly recurring revenue',
        ['Currency', 'MRR'],
        s.monthlyRecurringRevenue.map((m: Json) => [m.currency, money(m.amount, m.currency)]),
      )}
      <h2>Renewals on ${s.date}</h2>
      ${barChart(`Renewals on ${s.date}, paid and declined`, [
        { label: 'paid', value: s.renewals.paid.count, tone: 'good' },
        { label: 'declined', value: s.renewals.declined.count, tone: 'bad' },
      ])}
      ${table(
        'Renewals',
        ['Outcome', 'Attempts', 'Amounts'],
        [
          ['paid', s.renewals.paid.count, amounts(s.renewals.paid.amounts)],
          ['declined', s.renewals.declined.count, amounts(s.renewals.declined.amounts)],
        ],
      )}
      <h2>Dunning recovery, ${s.window.from.slice(0, 10)} to ${s.date}</h2>
      ${
        r.rate === null
          ? html`<p class="recovery-rate">No renewal entered dunning in these 30 days.</p>`
          : html`<p class="recovery-rate"><strong>${percent(r.rate)}</strong> recovered: of ${r.entered} renewal(s)
              that entered dunning, ${r.recovered} paid since, ${r.inDunning} still in dunning, ${r.lost} given up.</p>`
      }
      <h2>Refunds requested in the same 30 days</h2>
      ${table(
        'Refunds by status',
        ['Status', 'Refunds', 'Amounts'],
        s.refunds.map((f: Json) => [f.status, f.count, amounts(f.amounts)]),
      )}`;
    return c.html(pageShell({ title: 'Finance', csrf: c.get('csrf'), operator: c.get('principal').userId }, body));
  });
}
