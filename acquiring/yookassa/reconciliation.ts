// Lookups and lists over YooKassa's API. YooKassa cannot filter by metadata, so "the payment of this invoice" and
// "this refund of ours" are found by scanning a list and matching the metadata we sent (see acquiring/README.md).
import type {
  AcquirerTransaction,
  FindRefundInput,
  ListTransactionsInput,
  ListTransactionsResult,
  NeutralLookupResult,
  NeutralPaymentResult,
} from '../provider.js';
import type { YooKassaClient } from './client.js';
import { scanList } from './lists.js';
import { metadataField, paymentToResult, paymentToTransaction, refundToResult, refundToTransaction } from './mapper.js';
import { paymentSchema, refundSchema } from './schemas.js';

/** Which of an invoice's payments answers "what happened to it": money taken first, then still open, then the rest. */
const RANK: Record<NonNullable<NeutralPaymentResult['state']>, number> = {
  captured: 0,
  authorized: 0,
  awaiting_authentication: 1,
  declined: 2,
  cancelled: 2,
};

type Candidate = { result: NeutralPaymentResult; createdAt: string; raw: unknown };

function better(best: Candidate | undefined, next: Candidate): boolean {
  if (!best) return true;
  const rank = RANK[next.result.state ?? 'declined'] - RANK[best.result.state ?? 'declined'];
  return rank < 0 || (rank === 0 && next.createdAt > best.createdAt);
}

const lookupOf = (best: Candidate | undefined, raw: unknown): NeutralLookupResult =>
  best ? { status: 'found', payment: best.result, raw: best.raw } : { status: 'not_found', raw };

/** Scans the payments created in the last `lookbackMs` (one list call per 100 payments) for our invoice id. */
export async function findByInvoice(
  client: YooKassaClient,
  invoiceId: string,
  lookbackMs: number,
): Promise<NeutralLookupResult> {
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

/** A refund whose answer was lost: the payment's refunds, matched on the `refundId` our refund() put in metadata. */
export async function findRefund(client: YooKassaClient, input: FindRefundInput): Promise<NeutralLookupResult> {
  let best: Candidate | undefined;
  const query = { payment_id: input.paymentTransactionId };
  const scan = await scanList(client, '/refunds', query, refundSchema, (refund) => {
    if (refund.payment_id !== input.paymentTransactionId) return false;
    if (metadataField(refund.metadata, 'refundId') !== input.refundId) return false;
    const next = { result: refundToResult(refund, refund), createdAt: refund.created_at, raw: refund };
    if (better(best, next)) best = next;
    return false;
  });
  return scan.status === 'unavailable' ? scan : lookupOf(best, scan.raw);
}

/** Every payment and refund created in the window (both bounds inclusive, re-checked here). */
export async function listTransactions(
  client: YooKassaClient,
  input: ListTransactionsInput,
): Promise<ListTransactionsResult> {
  const from = input.from.getTime();
  const to = input.to.getTime();
  const query = { 'created_at.gte': input.from.toISOString(), 'created_at.lte': input.to.toISOString() };
  const items: AcquirerTransaction[] = [];
  const keep = (item: AcquirerTransaction) => {
    const at = Date.parse(item.createdAt);
    if (at >= from && at <= to) items.push(item);
    return false;
  };
  const payments = await scanList(client, '/payments', query, paymentSchema, (p) => keep(paymentToTransaction(p)));
  if (payments.status === 'unavailable') return payments;
  const refunds = await scanList(client, '/refunds', query, refundSchema, (r) => keep(refundToTransaction(r)));
  const raw = [...payments.raw, ...refunds.raw];
  if (refunds.status === 'unavailable') return { ...refunds, raw };
  return { status: 'ok', items, raw };
}
