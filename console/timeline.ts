import type { CustomerRecord } from './customer-record.js';
import type { Json } from './in-process-api.js';

export interface TimelineEntry {
  at: string;
  kind: string;
  what: string;
  tone?: 'good' | 'bad' | undefined;
}

/** The currency's ISO 4217 minor-unit exponent, as ICU knows it (BYR and JPY have none); 2 for a code it does not. */
function exponentOf(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Integer minor units for display only: 123450 RUB is "1234.50 RUB", 1500 BYR is "1500 BYR". */
export const money = (amount: number, currency: string) => {
  const exponent = exponentOf(currency);
  return `${(amount / 10 ** exponent).toFixed(exponent)} ${currency}`;
};

const paymentEntry = (p: Json): TimelineEntry => ({
  at: p.createdAt,
  kind: `payment.${p.status}`,
  what:
    `Payment ${p.id} of ${money(p.amount, p.currency)} for invoice ${p.invoiceId}: ${p.status}` +
    (p.cardLastFour ? `, card ending ${p.cardLastFour}` : '') +
    (p.declineCode
      ? `; declined: ${p.declineReason ?? 'no reason given'} (code ${p.declineCode}${p.declineClass ? `, ${p.declineClass} decline` : ''})`
      : '') +
    (p.providerTransactionId ? `; acquirer transaction ${p.providerTransactionId}` : ''),
  tone: p.status === 'succeeded' ? 'good' : p.status === 'declined' || p.status === 'failed' ? 'bad' : undefined,
});

const auditEntry = (a: Json): TimelineEntry => ({
  at: a.createdAt,
  kind: a.action,
  what:
    `${a.action} on ${a.entityType} ${a.entityId} by ${a.actor}` +
    (a.reason ? ` — “${a.reason}”` : '') +
    (a.before?.status || a.after?.status ? ` (${a.before?.status ?? '∅'} → ${a.after?.status ?? '∅'})` : ''),
});

/** Everything that happened to a customer, newest first. */
export function timelineOf(r: CustomerRecord): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...r.subscriptions.map((s) => ({
      at: s.createdAt,
      kind: 'checkout',
      what: `Subscription ${s.id} to ${s.planId} started`,
    })),
    ...r.invoices.map((i) => ({
      at: i.createdAt,
      kind: `invoice.${i.kind}`,
      what: `${i.kind === 'renewal' ? 'Renewal' : 'Invoice'} ${i.id} of ${money(i.amount, i.currency)} for ${i.periodStart?.slice(0, 10) ?? '?'}–${i.periodEnd?.slice(0, 10) ?? '?'}: ${i.status}, ${i.attempts} attempt(s)`,
    })),
    ...r.payments.map(paymentEntry),
    ...r.refunds.map((f) => ({
      at: f.createdAt,
      kind: `refund.${f.status}`,
      what: `Refund ${f.id} of ${money(f.amount, f.currency)} on payment ${f.paymentId}: ${f.status}, requested by ${f.requestedBy ?? '?'}${f.decidedBy ? `, decided by ${f.decidedBy}` : ''}${f.failureReason ? `; ${f.failureReason}` : ''}`,
    })),
    ...r.events.map((e) => ({
      at: e.createdAt,
      kind: `event.${e.type}`,
      what: `Event ${e.type} (${e.id}) ${e.deliveredAt ? `delivered ${e.deliveredAt}` : `not delivered yet${e.lastError ? `: ${e.lastError}` : ''}`}`,
      tone: e.deliveredAt ? undefined : ('bad' as const),
    })),
    ...r.audit.map(auditEntry),
    ...r.discrepancies.map((d) => ({
      at: d.detectedAt,
      kind: `discrepancy.${d.kind}`,
      what: `Reconciliation found ${d.kind} (${d.id}) on payment ${d.paymentId ?? d.acquirer?.paymentTransactionId ?? '?'}`,
      tone: 'bad' as const,
    })),
  ];
  return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

/** The most rows the customer's page shows: a long-lived customer's history would otherwise make the page huge. */
export const TIMELINE_CAP = 200;

/** The newest `cap` entries of a timeline (newest first), and how many there were in all. */
export function latestEntries(entries: readonly TimelineEntry[], cap = TIMELINE_CAP) {
  return { shown: entries.slice(0, cap), total: entries.length };
}
