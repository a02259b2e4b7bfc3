// The memory acquirer's books as reconciliation reads them: a period's transactions, a refund by our id.
import type {
  AcquirerTransaction,
  FindRefundInput,
  ListTransactionsInput,
  ListTransactionsResult,
  LookupResult,
} from '../provider.js';
import type { MemoryTransaction } from './acquirer.js';
import { paymentResult, snapshot } from './results.js';

export function toAcquirerTransaction(tx: MemoryTransaction): AcquirerTransaction {
  return {
    kind: tx.kind,
    providerTransactionId: tx.id,
    paymentTransactionId: tx.originalId,
    paymentId: tx.kind === 'refund' ? tx.refundId : tx.paymentId,
    invoiceId: tx.invoiceId,
    accountId: tx.accountId,
    state: tx.state,
    amount: tx.amount,
    currency: tx.currency,
    createdAt: tx.createdAt,
    raw: snapshot(tx),
  };
}

/** Payments and refunds created in [from, to], oldest first. */
export function listed(transactions: MemoryTransaction[], input: ListTransactionsInput): ListTransactionsResult {
  const from = input.from.getTime();
  const to = input.to.getTime();
  const items = transactions
    .filter((tx) => {
      const at = Date.parse(tx.createdAt);
      return at >= from && at <= to;
    })
    .map(toAcquirerTransaction);
  return { status: 'ok', items, raw: items.map((item) => item.raw) };
}

export function refundLookup(transactions: MemoryTransaction[], input: FindRefundInput): LookupResult {
  const refund = transactions.find(
    (tx) => tx.kind === 'refund' && tx.originalId === input.paymentTransactionId && tx.refundId === input.refundId,
  );
  if (!refund) return { status: 'not_found', raw: null };
  const result = paymentResult(refund);
  return { status: 'found', payment: { ...result, paymentId: input.refundId }, raw: result.raw };
}
