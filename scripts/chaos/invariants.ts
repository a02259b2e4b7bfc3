// The books against the acquirer's ground truth (`GET /_sandbox/transactions`). Pure: `books` and `ledger` in, for
// each invariant the things that break it out, each as a stable key (so the settling phase can tell a violation that
// lasts from a renewal caught mid-flight) with a line that says what it is.
import type { Json } from './clients.js';

export interface Books {
  invoices: Array<{ id: string; status: string; amount: number; kind: string }>;
  payments: Array<{ id: string; invoice_id: string; status: string; provider_transaction_id: string | null }>;
  refunds: Array<{
    id: string;
    payment_id: string;
    status: string;
    amount: number;
    provider_transaction_id: string | null;
  }>;
  subscriptions: Array<{ id: string; status: string; workflowRunning: boolean | undefined }>;
}

export const INVARIANTS = {
  capturedMoreThanOnce: 'invoices captured more than once (and not given back)',
  capturesNotRecorded: 'captures at the acquirer our books do not show as a succeeded payment',
  recordsWithoutCapture: 'succeeded payments or paid invoices with no capture at the acquirer',
  paymentsStillPending: 'payments still pending, unknown or awaiting action',
  subscriptionsIndefinite: 'subscriptions not in a definite state',
  refundsMismatched: "refunds whose status differs from the acquirer's",
} as const;
export type InvariantName = keyof typeof INVARIANTS;
export type Violations = Record<InvariantName, Map<string, string>>;

const kopecks = (amount: number) => Math.round(Number(amount) * 100);

export function checkInvariants(books: Books, ledger: Json[]): Violations {
  const v = Object.fromEntries(Object.keys(INVARIANTS).map((k) => [k, new Map()])) as Violations;
  const payments = ledger.filter((t) => t.Kind === 'payment');
  const refundTxs = ledger.filter((t) => t.Kind === 'refund' && t.Status === 'Completed');
  const refundedOf = new Map<number, number>();
  for (const r of refundTxs)
    refundedOf.set(r.OriginalTransactionId, (refundedOf.get(r.OriginalTransactionId) ?? 0) + kopecks(r.Amount));
  const captures = payments.filter((t) => t.Status === 'Completed');
  const kept = captures.filter((t) => (refundedOf.get(t.TransactionId) ?? 0) < kopecks(t.Amount));

  const keptByInvoice = new Map<string, number[]>();
  for (const t of kept) keptByInvoice.set(t.InvoiceId, [...(keptByInvoice.get(t.InvoiceId) ?? []), t.TransactionId]);
  for (const [invoiceId, ids] of keptByInvoice)
    if (ids.length > 1) v.capturedMoreThanOnce.set(invoiceId, `${invoiceId}: captures ${ids.join(', ')} kept`);

  const succeededByTx = new Map(
    books.payments.filter((p) => p.status === 'succeeded').map((p) => [p.provider_transaction_id, p]),
  );
  for (const t of kept) {
    if (succeededByTx.has(String(t.TransactionId))) continue;
    const row = books.payments.find((p) => p.provider_transaction_id === String(t.TransactionId));
    const what = row ? `our payment ${row.id} is ${row.status}` : 'no payment row';
    v.capturesNotRecorded.set(String(t.TransactionId), `capture ${t.TransactionId} of ${t.InvoiceId}: ${what}`);
  }

  const captureIds = new Set(captures.map((t) => String(t.TransactionId)));
  const capturedInvoices = new Set(captures.map((t) => t.InvoiceId));
  for (const p of books.payments) {
    if (p.status !== 'succeeded' || captureIds.has(String(p.provider_transaction_id))) continue;
    const tx = payments.find((t) => String(t.TransactionId) === p.provider_transaction_id);
    const what = tx ? `the acquirer shows it ${tx.Status}` : 'the acquirer has no such transaction';
    v.recordsWithoutCapture.set(p.id, `payment ${p.id} of ${p.invoice_id} (tx ${p.provider_transaction_id}): ${what}`);
  }
  for (const i of books.invoices) {
    if (i.status === 'paid' && i.amount > 0 && !capturedInvoices.has(i.id))
      v.recordsWithoutCapture.set(i.id, `invoice ${i.id} is paid, the acquirer captured nothing for it`);
  }

  for (const p of books.payments) {
    if (['pending', 'unknown', 'requires_action'].includes(p.status))
      v.paymentsStillPending.set(p.id, `payment ${p.id} of ${p.invoice_id} is ${p.status}`);
  }

  for (const s of books.subscriptions) {
    if (s.status === 'pending_payment' || s.status === 'past_due')
      v.subscriptionsIndefinite.set(`${s.id}:${s.status}`, `subscription ${s.id} is ${s.status}`);
    else if (s.status === 'active' && s.workflowRunning === false)
      v.subscriptionsIndefinite.set(`${s.id}:orphan`, `subscription ${s.id} is active but its workflow is closed`);
  }

  checkRefunds(books, refundTxs, v.refundsMismatched);
  return v;
}

function checkRefunds(books: Books, refundTxs: Json[], out: Map<string, string>) {
  const claimed = new Set<number>();
  const paymentTx = new Map(books.payments.map((p) => [p.id, p.provider_transaction_id]));
  const byId = new Map(refundTxs.map((t) => [String(t.TransactionId), t]));
  const unmatched = [];
  for (const r of books.refunds) {
    const tx = r.provider_transaction_id ? byId.get(r.provider_transaction_id) : undefined;
    if (tx) claimed.add(tx.TransactionId);
    else unmatched.push(r);
  }
  for (const r of unmatched) {
    // A refund we never learnt the id of: the acquirer's refund of the same payment and amount nobody claimed.
    const tx = refundTxs.find(
      (t) =>
        !claimed.has(t.TransactionId) &&
        String(t.OriginalTransactionId) === paymentTx.get(r.payment_id) &&
        kopecks(t.Amount) === Number(r.amount),
    );
    if (tx) claimed.add(tx.TransactionId);
    const done = Boolean(tx);
    if (!tx && r.status === 'succeeded')
      out.set(r.id, `refund ${r.id} is succeeded, the acquirer has no refund ${r.provider_transaction_id ?? ''}`);
    else if (done && r.status !== 'succeeded')
      out.set(r.id, `refund ${r.id} is ${r.status}, the acquirer refunded it (tx ${tx?.TransactionId})`);
    else if (!done && r.status !== 'failed' && r.status !== 'rejected')
      out.set(r.id, `refund ${r.id} is still ${r.status}`);
  }
  for (const r of books.refunds) {
    const tx = r.provider_transaction_id ? byId.get(r.provider_transaction_id) : undefined;
    if (tx && r.status !== 'succeeded')
      out.set(r.id, `refund ${r.id} is ${r.status}, the acquirer refunded it (tx ${tx.TransactionId})`);
  }
  for (const t of refundTxs) {
    if (!claimed.has(t.TransactionId))
      out.set(`tx:${t.TransactionId}`, `acquirer refund ${t.TransactionId} of ${t.InvoiceId}: no refund in our books`);
  }
}
