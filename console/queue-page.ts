import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ConsoleEnv } from './console-env.js';
import type { Json } from './in-process-api.js';
import { type Markup, pageShell } from './page-shell.js';

/** The work queues, in the order the README's guide meets them. */
export const QUEUES = [
  { path: 'refunds', title: 'Refunds waiting for approval' },
  { path: 'dunning', title: 'Subscriptions in dunning' },
  { path: 'unknown-payments', title: 'Payments with unknown outcome' },
  { path: 'discrepancies', title: 'Unresolved discrepancies' },
  { path: 'events', title: 'Undelivered events' },
] as const;

export type QueuePath = (typeof QUEUES)[number]['path'];

/** A field of a queue's filter form: its name is the API's query parameter of the same name. */
export interface Filter {
  name: string;
  label: string;
  options?: readonly string[];
  /** What the field holds when the operator has not set it (the status a queue is about); it then offers no "Any". */
  initial?: string;
}

export interface QueuePage {
  items: Json[];
  has_more: boolean;
  /** The filters as set (blank ones dropped), carried by the form, the next-page link and the API call. */
  filters: Record<string, string>;
  startingAfter: string;
  limit: number;
}

const DEFAULT_LIMIT = 25;
const enc = encodeURIComponent;

function limitOf(raw: string | undefined) {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 100 ? n : DEFAULT_LIMIT;
}

/** One page of the queue's list: the filters the operator set (only this queue's), then the fixed ones. */
export async function readQueue(
  c: Context<ConsoleEnv>,
  apiPath: string,
  filterFields: readonly Filter[],
  fixed: Record<string, string> = {},
): Promise<QueuePage> {
  const filters: Record<string, string> = {};
  for (const f of filterFields) {
    const value = (c.req.query(f.name) ?? f.initial ?? '').trim().slice(0, 200);
    if (value) filters[f.name] = value;
  }
  const startingAfter = (c.req.query('starting_after') ?? '').trim();
  const limit = limitOf(c.req.query('limit'));
  const query = new URLSearchParams({ ...filters, ...fixed, limit: String(limit) });
  if (startingAfter) query.set('starting_after', startingAfter);
  const page: Json = await c.get('api').get(`${apiPath}?${query}`);
  return { items: page.items, has_more: page.has_more, filters, startingAfter, limit };
}

const field = (f: Filter, value: string) =>
  f.options
    ? html`<label for="f-${f.name}">${f.label}</label>
      <select id="f-${f.name}" name="${f.name}">${f.initial ? '' : html`<option value="">Any</option>`}${f.options.map(
        (o) => html`<option value="${o}" ${o === value ? 'selected' : ''}>${o}</option>`,
      )}</select>`
    : html`<label for="f-${f.name}">${f.label}</label>
      <input id="f-${f.name}" name="${f.name}" value="${value}" maxlength="200" autocomplete="off">`;

/** A GET form: each field is a query filter of the API; a new filter starts again from the first page. */
export const filterForm = (path: QueuePath, fields: readonly Filter[], page: QueuePage) =>
  fields.length === 0
    ? ''
    : html`<form method="get" action="/console/queues/${path}" class="action" aria-label="Filter">
  ${fields.map((f) => field(f, page.filters[f.name] ?? ''))}
  <input type="hidden" name="limit" value="${page.limit}">
  <button type="submit">Filter</button>
</form>`;

/** "Next page" carries the last row's id as starting_after, with the same filters; "First page" drops it. */
export function pager(path: QueuePath, page: QueuePage) {
  const link = (after?: string) => {
    const q = new URLSearchParams({ ...page.filters, limit: String(page.limit) });
    if (after) q.set('starting_after', after);
    return `/console/queues/${path}?${q}`;
  };
  const last = page.items.at(-1)?.id as string | undefined;
  return html`<nav class="pager" aria-label="Pages">
    ${page.startingAfter ? html`<a href="${link()}">First page</a>` : ''}
    ${page.has_more && last ? html`<a href="${link(last)}" rel="next">Next page</a>` : ''}
  </nav>`;
}

/** Where an action on a row comes back to: this very page, filters and cursor kept. */
export const backHere = (c: Context<ConsoleEnv>) => {
  const url = new URL(c.req.url);
  return `${url.pathname}${url.search}`;
};

export const customerLink = (userId: string) => html`<a href="/console/customers/${enc(userId)}">${userId}</a>`;

/** Where the API names no user: the search finds the customer by a subscription, payment or transaction id. */
export const findLink = (identifier: string, text: string) =>
  html`<a href="/console/search?identifier=${enc(identifier)}">${text}</a>`;

export const queueNav = (current?: QueuePath) => html`<nav aria-label="Work queues" class="queues">
  ${QUEUES.map((q) =>
    q.path === current
      ? html`<strong aria-current="page">${q.title}</strong>`
      : html`<a href="/console/queues/${q.path}">${q.title}</a>`,
  )}
</nav>`;

/** A queue's page: the queues' own navigation, its filter form, its table (or "nothing here"), the pager. */
export function renderQueue(
  c: Context<ConsoleEnv>,
  path: QueuePath,
  fields: readonly Filter[],
  page: QueuePage,
  table: Markup,
  intro?: Markup,
) {
  const title = QUEUES.find((q) => q.path === path)?.title ?? 'Work queue';
  const body = html`${queueNav(path)}${intro ?? ''}${filterForm(path, fields, page)}
    ${page.items.length === 0 ? html`<p role="status">Nothing here${page.startingAfter ? ' on this page' : ''}.</p>` : table}
    ${pager(path, page)}`;
  return c.html(pageShell({ title, csrf: c.get('csrf'), operator: c.get('principal').userId }, body));
}
