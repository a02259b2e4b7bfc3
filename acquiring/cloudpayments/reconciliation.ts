// Reconciliation reads over the CloudPayments API: every transaction of a period (`/v2/payments/list`,
// paged), and "did this refund happen?" — the API has no refund lookup, so it is derived (see README).
import type {
  AcquirerTransaction,
  FindRefundInput,
  ListTransactionsInput,
  ListTransactionsResult,
  LookupResult,
} from '../provider.js';
import type { CloudPaymentsClient } from './client.js';
import {
  createdAtOf,
  LIST_PAGE_SIZE,
  readListPage,
  refundToPaymentResult,
  toAcquirerTransaction,
} from './list-mapper.js';
import { listedTransactionSchema } from './schemas.js';

/** 100 000 transactions: past that a window is too wide for one call (or the server ignores PageNumber). */
const MAX_PAGES = 1_000;
/** The refund search runs until "now" plus this, so a clock ahead of ours cannot hide a fresh refund. */
const CLOCK_SKEW_MS = 60 * 60_000;

export async function listTransactions(
  client: CloudPaymentsClient,
  input: ListTransactionsInput,
): Promise<ListTransactionsResult> {
  const from = input.from.getTime();
  const to = input.to.getTime();
  const items = new Map<string, AcquirerTransaction>();
  const raw: unknown[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const body = {
      CreatedDateGte: input.from.toISOString(),
      CreatedDateLte: input.to.toISOString(),
      PageNumber: page,
      TimeZone: 'UTC',
    };
    const result = await client.call('/v2/payments/list', body);
    raw.push(result.raw);
    if (result.kind === 'no_answer') return { status: 'unavailable', failure: result.failure, raw };
    const read = readListPage(result.envelope);
    if ('failure' in read) return { status: 'unavailable', failure: read.failure, raw };
    for (const item of read.items) {
      // The window is ours to honour even if the acquirer rounds the bounds (e.g. to whole seconds).
      const at = Date.parse(item.createdAt);
      if (at >= from && at <= to) items.set(item.providerTransactionId, item);
    }
    if (read.count < LIST_PAGE_SIZE) return { status: 'ok', items: [...items.values()], raw };
  }
  const failure = { kind: 'bad_response' as const, message: `More than ${MAX_PAGES} pages`, retryable: false };
  return { status: 'unavailable', failure, raw };
}

function matches(item: AcquirerTransaction | undefined, input: FindRefundInput): item is AcquirerTransaction {
  return (
    item?.kind === 'refund' &&
    item.paymentTransactionId === input.paymentTransactionId &&
    item.paymentId === input.refundId
  );
}

/**
 * 1. `/payments/get` the payment: unknown payment → `not_found`; its creation time bounds the search.
 * 2. `/v2/payments/find` by its InvoiceId returns the invoice's latest operation, refunds included: the usual
 *    lost refund is exactly that one.
 * 3. Otherwise `/v2/payments/list` from the payment's creation until now: a refund of this payment whose
 *    JsonData carries our `refundId` (sent by `refund()`).
 */
export async function findRefund(client: CloudPaymentsClient, input: FindRefundInput): Promise<LookupResult> {
  const got = await client.call('/payments/get', { TransactionId: Number(input.paymentTransactionId) });
  if (got.kind === 'no_answer') return { status: 'unavailable', failure: got.failure, raw: got.raw };
  if (!got.envelope.Success) return { status: 'not_found', raw: got.raw };
  const payment = listedTransactionSchema.safeParse(got.envelope.Model);
  const createdAt = payment.success ? createdAtOf(payment.data) : undefined;
  if (!payment.success || !createdAt) {
    const failure = { kind: 'bad_response' as const, message: 'Unreadable payment', retryable: true };
    return { status: 'unavailable', failure, raw: got.raw };
  }

  if (payment.data.InvoiceId) {
    const latest = await client.call('/v2/payments/find', { InvoiceId: payment.data.InvoiceId });
    if (latest.kind === 'no_answer') return { status: 'unavailable', failure: latest.failure, raw: latest.raw };
    const tx = listedTransactionSchema.safeParse(latest.envelope.Model);
    const item = latest.envelope.Success && tx.success ? safeMap(tx.data) : undefined;
    if (matches(item, input)) {
      return { status: 'found', payment: refundToPaymentResult(item, input.refundId), raw: latest.raw };
    }
  }

  const listed = await listTransactions(client, {
    from: new Date(createdAt),
    to: new Date(Date.now() + CLOCK_SKEW_MS),
  });
  if (listed.status === 'unavailable') return listed;
  const found = listed.items.filter((item) => matches(item, input));
  // Should the acquirer ever keep a declined attempt next to a good one, the good one is the answer.
  const best = found.find((item) => item.state !== 'declined') ?? found[0];
  if (!best) return { status: 'not_found', raw: listed.raw };
  return { status: 'found', payment: refundToPaymentResult(best, input.refundId), raw: best.raw };
}

function safeMap(tx: Parameters<typeof toAcquirerTransaction>[0]): AcquirerTransaction | undefined {
  try {
    return toAcquirerTransaction(tx);
  } catch {
    return undefined;
  }
}
