// GET /payments and GET /refunds (reference §2.5, §5): filters in dot notation (brackets accepted too, as generic
// HTTP clients send them), newest first, `limit` 1–100 (default 10), an opaque `next_cursor` while more remain.
import type { YooKassaCore } from './core.js';
import { invalid } from './errors.js';
import { paymentObject, refundObject } from './views.js';

const BOUNDS = ['gte', 'gt', 'lte', 'lt'] as const;
type Query = Map<string, string>;

export function readQuery(url: string): Query {
  const query: Query = new Map();
  for (const [key, value] of new URL(url).searchParams) query.set(key.replace(/\[(\w+)\]/g, '.$1'), value);
  return query;
}

function dateFilter(query: Query, field: string): (at: Date | null) => boolean {
  const tests: ((ms: number) => boolean)[] = [];
  for (const bound of BOUNDS) {
    const raw = query.get(`${field}.${bound}`);
    if (raw === undefined) continue;
    const limit = Date.parse(raw);
    if (Number.isNaN(limit)) throw invalid(`Invalid date in ${field}.${bound}`, `${field}.${bound}`);
    const compare = {
      gte: (ms: number) => ms >= limit,
      gt: (ms: number) => ms > limit,
      lte: (ms: number) => ms <= limit,
      lt: (ms: number) => ms < limit,
    }[bound];
    tests.push(compare);
  }
  return (at) => tests.length === 0 || (at !== null && tests.every((test) => test(at.getTime())));
}

function page<T extends { id: string }>(items: T[], query: Query) {
  const limitText = query.get('limit') ?? '10';
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > 100) throw invalid('Invalid limit (1–100)', 'limit');
  let start = 0;
  const cursor = query.get('cursor');
  if (cursor !== undefined) {
    const after = Buffer.from(cursor, 'base64url').toString('utf8');
    const index = items.findIndex((item) => item.id === after);
    if (index < 0) throw invalid('Invalid cursor', 'cursor');
    start = index + 1;
  }
  const slice = items.slice(start, start + limit);
  const last = slice.at(-1);
  return {
    type: 'list',
    items: slice,
    ...(start + limit < items.length && last ? { next_cursor: Buffer.from(last.id).toString('base64url') } : {}),
  };
}

const STATUS_TEXT = /^[a-z_]+$/;

export function listPayments(core: YooKassaCore, query: Query) {
  const created = dateFilter(query, 'created_at');
  const captured = dateFilter(query, 'captured_at');
  const status = query.get('status');
  if (status !== undefined && !STATUS_TEXT.test(status)) throw invalid('Invalid status', 'status');
  const method = query.get('payment_method');
  const all = [...core.store.payments.values()]
    .reverse()
    .filter((p) => created(p.createdAt) && captured(p.capturedAt))
    .filter((p) => status === undefined || p.status === status)
    .filter(() => method === undefined || method === 'bank_card')
    .map((p) => paymentObject(p, core.store, core.shopId));
  return page(all, query);
}

export function listRefunds(core: YooKassaCore, query: Query) {
  const created = dateFilter(query, 'created_at');
  const status = query.get('status');
  const paymentId = query.get('payment_id');
  const all = [...core.store.refunds.values()]
    .reverse()
    .filter((r) => created(r.createdAt))
    .filter((r) => status === undefined || r.status === status)
    .filter((r) => paymentId === undefined || r.paymentId === paymentId)
    .map(refundObject);
  return page(all, query);
}
