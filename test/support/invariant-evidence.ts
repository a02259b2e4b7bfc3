// What the invariant rules read about one subscription, and how they read it. Only what both releases of the workflow
// share: activity names and inputs (the trace), the sandbox's ledger, the tables, the workflow's state query.
import type { ActivityTraceEntry } from './activity-gates.js';
import type { Json } from './billing-client.js';

/** An answer the test got to a request it made, at the trace position when it came back. */
export interface Answer {
  kind: 'cancel_now' | 'cancel_at_period_end' | 'resume' | 'other';
  what: string;
  status: number;
  /** `seq` of the last trace entry when the answer arrived. */
  at: number;
}

export interface Evidence {
  subscriptionId: string;
  /** This subscription's activity calls, in order. */
  trace: readonly ActivityTraceEntry[];
  /** The sandbox's transactions of this subscription's invoices (`/_sandbox/transactions`). */
  ledger: Json[];
  row: Json | undefined;
  invoices: Json[];
  workflow: { status: string; state: Json | undefined };
  answers: readonly Answer[];
}

export const CHARGES = ['chargeInvoice', 'chargeCardForInvoice', 'completeAuthentication'];
export const LIVE = ['pending_payment', 'active', 'past_due'];

export type Entry = ActivityTraceEntry & { input: Json };
export interface Sync {
  seq: number;
  transition: number;
  state: Json;
  events: string[];
  invoice: { id: string; status: string } | undefined;
  ended: Entry | undefined;
}

export const starts = (e: Evidence, names: string[]) =>
  e.trace.filter((t): t is Entry => t.event === 'start' && names.includes(t.name));
export const endOf = (e: Evidence, start: ActivityTraceEntry) =>
  e.trace.find(
    (t): t is Entry =>
      t.event === 'end' &&
      t.seq > start.seq &&
      t.name === start.name &&
      t.attempt === start.attempt &&
      t.input === start.input,
  );
export const syncsOf = (e: Evidence): Sync[] =>
  starts(e, ['syncSubscription']).map((s) => ({ seq: s.seq, ...s.input, ended: endOf(e, s) }));
/** The state the workflow had persisted (scheduled the sync of) last before trace position `seq`. */
export const persistedBefore = (syncs: Sync[], seq: number) =>
  syncs.filter((s) => s.seq < seq).sort((x, y) => y.transition - x.transition)[0];
export const label = (c: Entry) =>
  `${c.name} of ${c.input.invoiceId} (attempt ${c.input.attempt ?? c.attempt}, #${c.seq})`;
export const captures = (e: Evidence, invoiceId: string) =>
  e.ledger.filter((t) => t.Kind === 'payment' && t.Status === 'Completed' && t.InvoiceId === invoiceId);

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
export const stateLabel = (s: Json) => (s.cancelAtPeriodEnd ? `${s.status} with cancelAtPeriodEnd` : s.status);
export const rowColumns = (r: Json) => ({
  status: r.status,
  planId: r.planId,
  pendingPlanId: r.pendingPlanId ?? null,
  cancelAtPeriodEnd: r.cancelAtPeriodEnd,
  currentPeriodEnd: iso(r.currentPeriodEnd),
  nextChargeAt: iso(r.nextChargeAt),
  cancelReason: r.cancelReason ?? null,
});
export const stateColumns = (s: Json) =>
  rowColumns({ ...s, planId: s.plan?.id, pendingPlanId: s.pendingPlan?.id ?? null });
