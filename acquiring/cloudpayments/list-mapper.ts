// Pure: CloudPayments list items (`/v2/payments/list`) → our AcquirerTransaction, and one list page → items.
import type { AcquirerTransaction, CallFailure, PaymentResult } from '../provider.js';
import { jsonDataField, STATUS_TABLE, toMinorUnits } from './mapper.js';
import { type Envelope, type ListedTransaction, listedTransactionSchema } from './schemas.js';

/** `/v2/payments/list` answers 100 transactions per page; a shorter page is the last one. */
export const LIST_PAGE_SIZE = 100;

/** `Type` codes (UNCONFIRMED in the vendor's doc): 0 payment, 1 refund, 2 payout. */
const TYPE_KINDS: Record<number, AcquirerTransaction['kind'] | 'payout'> = { 0: 'payment', 1: 'refund', 2: 'payout' };

/** Creation time as ISO UTC: `/Date(ms)/` first, else `CreatedDateIso` read as UTC (it carries no offset). */
export function createdAtOf(tx: Pick<ListedTransaction, 'CreatedDate' | 'CreatedDateIso'>): string | undefined {
  const ms = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(tx.CreatedDate ?? '')?.[1];
  if (ms !== undefined) return new Date(Number(ms)).toISOString();
  const iso = tx.CreatedDateIso;
  if (!iso) return undefined;
  const date = new Date(/(Z|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function kindOf(tx: ListedTransaction): AcquirerTransaction['kind'] | 'payout' {
  const byType = tx.Type === null || tx.Type === undefined ? undefined : TYPE_KINDS[tx.Type];
  return byType ?? (tx.OriginalTransactionId ? 'refund' : 'payment');
}

/** One list item → ours; `undefined` for payouts (billing never makes any); throws when unreadable. */
export function toAcquirerTransaction(tx: ListedTransaction): AcquirerTransaction | undefined {
  const kind = kindOf(tx);
  if (kind === 'payout') return undefined;
  const createdAt = createdAtOf(tx);
  if (!createdAt) throw new Error(`Transaction ${tx.TransactionId} has no readable CreatedDate`);
  return {
    kind,
    providerTransactionId: tx.TransactionId,
    paymentTransactionId: kind === 'refund' ? tx.OriginalTransactionId : undefined,
    paymentId: jsonDataField(tx.JsonData, kind === 'refund' ? 'refundId' : 'paymentId'),
    invoiceId: tx.InvoiceId,
    accountId: tx.AccountId,
    state: STATUS_TABLE[tx.Status].state,
    amount: toMinorUnits(tx.Amount, tx.Currency),
    currency: tx.Currency,
    createdAt,
    raw: tx,
  };
}

export type ListPage = { items: AcquirerTransaction[]; count: number } | { failure: CallFailure };

const unreadable = (message: string, retryable = true): { failure: CallFailure } => ({
  failure: { kind: 'bad_response', message, httpStatus: 200, retryable },
});

/** A list answer → its items and the number of entries it held (payouts count for paging, not in items). */
export function readListPage(envelope: Envelope): ListPage {
  // A refused list request (bad dates, unknown time zone) is our bug: retrying the same request cannot help.
  if (!envelope.Success) return unreadable(`List refused: ${envelope.Message ?? 'no message'}`, false);
  const model = envelope.Model ?? [];
  if (!Array.isArray(model)) return unreadable('List answer has no array Model');
  const items: AcquirerTransaction[] = [];
  for (const entry of model) {
    const parsed = listedTransactionSchema.safeParse(entry);
    if (!parsed.success) return unreadable(`Unreadable list item: ${parsed.error.message}`);
    try {
      const item = toAcquirerTransaction(parsed.data);
      if (item) items.push(item);
    } catch (error) {
      return unreadable(error instanceof Error ? error.message : String(error));
    }
  }
  return { items, count: model.length };
}

/** A listed refund as a lookup result: its own transaction id, our refund id as `paymentId`. */
export function refundToPaymentResult(refund: AcquirerTransaction, refundId: string): PaymentResult {
  const outcome =
    refund.state === 'declined'
      ? 'declined'
      : refund.state === 'awaiting_authentication'
        ? 'requires_action'
        : 'succeeded';
  return {
    outcome,
    state: refund.state,
    providerTransactionId: refund.providerTransactionId,
    paymentId: refundId,
    amount: refund.amount,
    currency: refund.currency,
    invoiceId: refund.invoiceId,
    accountId: refund.accountId,
    raw: refund.raw,
  };
}
