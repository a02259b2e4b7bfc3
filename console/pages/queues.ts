import type { Hono } from 'hono';
import { html } from 'hono/html';
import type { ConsoleEnv } from '../console-env.js';
import { pageShell } from '../page-shell.js';
import { QUEUES } from '../queue-page.js';

const WHAT: Record<(typeof QUEUES)[number]['path'], string> = {
  refunds: 'Refunds above the approval threshold: approve or reject (not your own request).',
  dunning: 'Past-due subscriptions with their last decline and next retry: retry now once the card is fixed.',
  'unknown-payments': 'Payments whose outcome the acquirer has not told us: reconciliation settles them.',
  discrepancies: "Where our records and the acquirer's disagree: settle by hand, then mark resolved.",
  events: 'Events an endpoint has not acknowledged: resend once the receiver is back.',
};

export function registerQueueIndex(ui: Hono<ConsoleEnv>) {
  ui.get('/queues', (c) => {
    const body = html`<ul class="results">${QUEUES.map(
      (q) =>
        html`<li><a href="/console/queues/${q.path}">${q.title}</a> <span class="muted">${WHAT[q.path]}</span></li>`,
    )}</ul>`;
    return c.html(pageShell({ title: 'Work queues', csrf: c.get('csrf'), operator: c.get('principal').userId }, body));
  });
}
