// Lookups and lists over YooKassa's API. YooKassa cannot filter by metadata, so "the payment of this invoice" and
// "this refund of ours" are found by scanning a list and matching the metadata we sent (see acquiring/README.md).
import type {
  AcquirerTransaction,
  FindRefundInput,
  ListTransactionsInput,
  ListTransactionsResult,
  LookupResult,
  PaymentResult,
} from '../provider.js';
import type { YooKassaClient } from './client.js';
import { scanList } from './lists.js';
import { metadataField, paymentToResult, paymentToTransaction, refundToResult, refundToTransaction } from './mapper.js';
import { type Payment, paymentSchema, refundSchema } from './schemas.js';

/** Which of an invoice's payments answers "what happened to it": money taken first, then still open, then the rest. */
const RANK: Record<NonNullable<PaymentResult['state']>, number> = {
  captured: 0,
  authorized: 0,
  awaiting_authentication: 1,
  declined: 2,
  cancelled: 2,
};

type Candidate = { result: PaymentResult; createdAt: string; raw: unknown };

function better(best: Candidate | undefined, next: Candidate): boolean {
  if (!best) return true;
  const rank = RANK[next.result.state ?? 'declined'] - RANK[best.result.state ?? 'declined'];
  return rank < 0 || (rank === 0 && next.createdAt > best.createdAt);
}

const lookupOf = (best: Candidate | undefined, raw: unknown): LookupResult =>
  best ? { status: 'found', payment: best.result, raw: best.raw } : { status: 'not_found', raw };

/** Scans the payments created in the last `lookbackMs` (one list call per 100 payments) for our invoice id. */
export async function findByInvoice(
  client: YooKassaClient,
  invoiceId: string,
  lookbackMs: number,
): Promise<LookupResult> {
  let best: Candidate | undefined;
  const since = new Date(Date.now() - lookbackMs).toISOString();
  const scan = await scanList(client, '/payments', { 'created_at.gte': since }, paymentSchema, (payment) => {
    if (metadataField(payment.metadata, 'invoiceId') !== invoiceId) return false;
    const next = { result: paymentToResult(payment, payment), createdAt: payment.created_at, raw: payment };
    if (better(best, next)) best = next;
    // Money taken is the answer whatever else the invoice saw.
    return best?.result.outcome === 'succeeded';
  });
  return scan.status === 'unavailable' ? scan : lookupOf(best, scan.raw);
}

/** Our invoice and account ids of a payment (refunds carry only our payment and refund ids). */
type PaymentIds = Pick<AcquirerTransaction, 'invoiceId' | 'accountId'>;
const idsOf = (payment: Payment): PaymentIds => ({
  invoiceId: metadataField(payment.metadata, 'invoiceId'),
  accountId: metadataField(payment.metadata, 'accountId'),
});

/** GET the payment: its ids, `not_found`, or a failure. */
async function paymentIds(client: YooKassaClient, id: string): Promise<PaymentIds | LookupResult> {
  const got = await client.get(`/payments/${encodeURIComponent(id)}`);
  if (got.kind === 'no_answer') return { status: 'unavailable', failure: got.failure, raw: got.raw };
  if (got.kind === 'refused') return { status: 'not_found', raw: got.raw };
  const parsed = paymentSchema.safeParse(got.body);
  if (!parsed.success) {
    const failure = { kind: 'bad_response' as const, message: 'Unreadable payment', retryable: true };
    return { status: 'unavailable', failure, raw: got.raw };
  }
  return idsOf(parsed.data);
}

/**
 * A refund whose answer was lost: the payment (unknown → not_found), then its refunds, matched on the `refundId`
 * our refund() put in metadata; a non-declined one wins.
 */
export async function findRefund(client: YooKassaClient, input: FindRefundInput): Promise<LookupResult> {
  const ids = await paymentIds(client, input.paymentTransactionId);
  if ('status' in ids) return ids;
  let best: Candidate | undefined;
  const query = { payment_id: input.paymentTransactionId };
  const scan = await scanList(client, '/refunds', query, refundSchema, (refund) => {
    if (refund.payment_id !== input.paymentTransactionId) return false;
    if (metadataField(refund.metadata, 'refundId') !== input.refundId) return false;
    const result = { ...refundToResult(refund, refund), ...ids };
    const next = { result, createdAt: refund.created_at, raw: refund };
    if (better(best, next)) best = next;
    return false;
  });
  return scan.status === 'unavailable' ? scan : lookupOf(best, scan.raw);
}

/**
 * Every payment and refund created in the window (both bounds inclusive, re-checked here). A refund gets its
 * payment's invoice and account ids: from the same window, else by one GET per payment outside it.
 */
export async function listTransactions(
  client: YooKassaClient,
  input: ListTransactionsInput,
): Promise<ListTransactionsResult> {
  const from = input.from.getTime();
  const to = input.to.getTime();
  const query = { 'created_at.gte': input.from.toISOString(), 'created_at.lte': input.to.toISOString() };
  const items: AcquirerTransaction[] = [];
  const known = new Map<string, PaymentIds>();
  const keep = (item: AcquirerTransaction) => {
    const at = Date.parse(item.createdAt);
    if (at >= from && at <= to) items.push(item);
    return false;
  };
  const payments = await scanList(client, '/payments', query, paymentSchema, (p) => {
    known.set(p.id, idsOf(p));
    return keep(paymentToTransaction(p));
  });
  if (payments.status === 'unavailable') return payments;
  const refunds = await scanList(client, '/refunds', query, refundSchema, (r) => keep(refundToTransaction(r)));
  const raw = [...payments.raw, ...refunds.raw];
  if (refunds.status === 'unavailable') return { ...refunds, raw };
  for (const item of items) {
    if (item.kind !== 'refund' || !item.paymentTransactionId) continue;
    let ids = known.get(item.paymentTransactionId);
    if (!ids) {
      const got = await paymentIds(client, item.paymentTransactionId);
      if ('status' in got && got.status === 'unavailable') return { ...got, raw };
      ids = 'status' in got ? {} : got;
      known.set(item.paymentTransactionId, ids);
    }
    Object.assign(item, ids);
  }
  return { status: 'ok', items, raw };
}
