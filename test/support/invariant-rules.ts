// Issue 10's invariants (a)–(f), judged from what really happened to one subscription: the worker's activity calls,
// the acquirer's ledger, the database rows and the workflow's own state. Pure, so hand-made evidence can test it.
import type { Json } from './billing-client.js';
import {
  CHARGES,
  captures,
  type Evidence,
  endOf,
  LIVE,
  label,
  persistedBefore,
  rowColumns,
  type Sync,
  starts,
  stateColumns,
  stateLabel,
  syncsOf,
} from './invariant-evidence.js';

export type { Answer, Evidence } from './invariant-evidence.js';

/** (a) No charge starts once the subscription is canceled, or while an accepted cancel stands. */
function chargesAfterCancel(e: Evidence, syncs: Sync[]): string[] {
  const found: string[] = [];
  const windows = e.answers
    .filter((a) => a.status < 300 && (a.kind === 'cancel_now' || a.kind === 'cancel_at_period_end'))
    .map((a) => {
      const resume = e.answers.find((r) => r.kind === 'resume' && r.status < 300 && r.at > a.at);
      return { from: a.at, to: a.kind === 'cancel_at_period_end' && resume ? resume.at : Infinity, what: a.what };
    });
  for (const c of starts(e, CHARGES)) {
    const captured = captures(e, c.input.invoiceId).length > 0 ? ', and the acquirer captured it' : '';
    const s = persistedBefore(syncs, c.seq);
    if (s && (!LIVE.includes(s.state.status) || s.state.cancelAtPeriodEnd))
      found.push(
        `(a) ${label(c)} started after transition ${s.transition} persisted ${stateLabel(s.state)}${captured}`,
      );
    for (const w of windows.filter((w) => c.seq > w.from && c.seq < w.to))
      found.push(`(a) ${label(c)} started after "${w.what}" was accepted${captured}`);
  }
  return found;
}

/** (b) At most one charge in flight: no charge starts before the previous one has ended. */
function overlappingCharges(e: Evidence): string[] {
  const found: string[] = [];
  const intervals = starts(e, CHARGES).map((c) => ({ c, end: endOf(e, c)?.seq ?? Infinity }));
  for (const { c, end } of intervals) {
    const other = intervals.find((o) => o.c !== c && o.c.seq < c.seq && o.end > c.seq);
    if (other) found.push(`(b) ${label(c)} started while ${label(other.c)} was in flight`);
    if (end === Infinity) found.push(`(b) ${label(c)} never ended`);
  }
  return found;
}

/** (c) A paid renewal costs the price of the plan its period is for: the plan of the sync that marked it paid. */
function renewalPrices(e: Evidence, syncs: Sync[]): string[] {
  const found: string[] = [];
  for (const s of syncs.filter((s) => s.invoice?.status === 'paid')) {
    const invoice = e.invoices.find((i) => i.id === s.invoice?.id);
    if (invoice?.kind !== 'renewal') continue;
    const plan = s.state.plan;
    if (invoice.amount !== plan.amount)
      found.push(
        `(c) renewal ${invoice.id} costs ${invoice.amount}, but it was paid into plan ${plan.id} at ${plan.amount}`,
      );
    for (const t of captures(e, invoice.id).filter((t) => Math.round(t.Amount * 100) !== invoice.amount))
      found.push(`(c) renewal ${invoice.id} of ${invoice.amount} was captured as ${t.Amount}`);
  }
  for (const c of starts(e, ['chargeInvoice'])) {
    const invoice = e.invoices.find((i) => i.id === c.input.invoiceId);
    if (invoice && invoice.amount !== c.input.amount)
      found.push(`(c) ${label(c)} charged ${c.input.amount} for an invoice of ${invoice.amount}`);
  }
  return found;
}

/** (d) Before ending for non-payment, every payment link opened was looked up, cancelled, or its invoice settled. */
function unpaidEndWithOpenLinks(e: Evidence, syncs: Sync[]): string[] {
  const end = syncs.find((s) => s.state.status === 'canceled' && s.state.cancelReason === 'payment_failed');
  if (!end) return [];
  const found: string[] = [];
  const between = (name: string, from: number, match: (i: Json) => boolean) =>
    starts(e, [name]).some((t) => t.seq > from && t.seq < end.seq && match(t.input));
  for (const link of e.trace.filter((t) => t.name === 'createPaymentLink' && t.event === 'end' && t.seq < end.seq)) {
    const invoiceId = (link.input as Json).invoiceId;
    // Link ids: `linkId`, or `orderId` in traces of before.
    const linkId = (link.result as Json)?.linkId ?? (link.result as Json)?.orderId;
    if (!linkId) continue;
    const lookedUp = between('findInvoicePayment', link.seq, (i) => i.invoiceId === invoiceId);
    const cancelled = between('cancelPaymentLink', link.seq, (i) => (i.linkId ?? i.orderId) === linkId);
    const settled = syncs.some((s) => s.seq > link.seq && s.seq < end.seq && s.invoice?.id === invoiceId);
    if (!lookedUp && !cancelled && !settled)
      found.push(`(d) link ${linkId} of ${invoiceId} was neither looked up nor cancelled before the unpaid end`);
  }
  if (end.invoice && captures(e, end.invoice.id).length > 0)
    found.push(`(d) ended for non-payment, but the acquirer captured ${end.invoice.id}`);
  return found;
}

/** (e) The row shows the newest persisted transition, which is the workflow's own state. */
function rowOrder(e: Evidence, syncs: Sync[]): string[] {
  const newest = syncs.filter((s) => s.ended && !s.ended.error).sort((x, y) => y.transition - x.transition)[0];
  if (!newest || !e.row) return [];
  const found: string[] = [];
  const row = rowColumns(e.row);
  const synced = stateColumns(newest.state);
  if (JSON.stringify(row) !== JSON.stringify(synced))
    found.push(`(e) the row ${JSON.stringify(row)} is not transition ${newest.transition}'s ${JSON.stringify(synced)}`);
  if (e.workflow.state && JSON.stringify(stateColumns(e.workflow.state)) !== JSON.stringify(row))
    found.push(
      `(e) the row ${JSON.stringify(row)} is not the workflow's ${JSON.stringify(stateColumns(e.workflow.state))}`,
    );
  return found;
}

/** (f) Once the workflow has closed, the checkout and the subscription are in a definite state nobody waits on. */
function definiteEnd(e: Evidence): string[] {
  if (e.workflow.status === 'RUNNING' || !e.row) return [];
  const found: string[] = [];
  if (LIVE.includes(e.row.status))
    found.push(`(f) the workflow is ${e.workflow.status} but the row is ${e.row.status}: a later subscribe is blocked`);
  const checkout = e.invoices.find((i) => i.kind === 'initial');
  if (checkout?.status === 'open')
    found.push(`(f) the workflow is ${e.workflow.status} but checkout ${checkout.id} is open`);
  return found;
}

/** The acquirer captured each invoice at most once. */
function doubleCaptures(e: Evidence): string[] {
  const ids = [...new Set(e.ledger.map((t) => t.InvoiceId as string))];
  return ids
    .filter((id) => captures(e, id).length > 1)
    .map((id) => `ledger: ${id} captured ${captures(e, id).length} times`);
}

export function invariantViolations(e: Evidence): string[] {
  const syncs = syncsOf(e);
  return [
    ...chargesAfterCancel(e, syncs),
    ...overlappingCharges(e),
    ...renewalPrices(e, syncs),
    ...unpaidEndWithOpenLinks(e, syncs),
    ...rowOrder(e, syncs),
    ...definiteEnd(e),
    ...doubleCaptures(e),
  ];
}
