// The chaos run's judge must be able to say no: each invariant fires on the books it describes.
import { describe, expect, it } from 'vitest';
import { type Books, checkInvariants } from '../../scripts/chaos/invariants.js';

const tx = (id: number, invoiceId: string, status: string, kind = 'payment', extra = {}) => ({
  TransactionId: id,
  InvoiceId: invoiceId,
  Status: status,
  Kind: kind,
  Amount: 10,
  ...extra,
});
const empty = (): Books => ({ invoices: [], payments: [], refunds: [], subscriptions: [] });
const pay = (id: string, invoiceId: string, status: string, txId: number | null) => ({
  id,
  invoice_id: invoiceId,
  status,
  provider_transaction_id: txId === null ? null : String(txId),
});
const counts = (books: Books, ledger: unknown[]) =>
  Object.fromEntries(Object.entries(checkInvariants(books, ledger)).map(([k, m]) => [k, m.size]));

describe('chaos invariants', () => {
  it('clean books against a matching ledger break nothing', () => {
    const books = empty();
    books.invoices.push({ id: 'inv_a_0', status: 'paid', amount: 1000, kind: 'initial' });
    books.payments.push(pay('p1', 'inv_a_0', 'succeeded', 1));
    books.refunds.push({ id: 'r1', payment_id: 'p1', status: 'succeeded', amount: 500, provider_transaction_id: '2' });
    books.subscriptions.push({ id: 'a', status: 'active', workflowRunning: true });
    const ledger = [
      tx(1, 'inv_a_0', 'Completed'),
      tx(2, 'inv_a_0', 'Completed', 'refund', { Amount: 5, OriginalTransactionId: 1 }),
    ];
    expect(Object.values(counts(books, ledger)).every((n) => n === 0)).toBe(true);
  });

  it('each kind of lie is counted', () => {
    const books = empty();
    books.invoices.push({ id: 'inv_b_0', status: 'paid', amount: 1000, kind: 'initial' });
    books.payments.push(
      pay('p1', 'inv_a_0', 'succeeded', 1),
      pay('p2', 'inv_c_0', 'succeeded', 9),
      pay('p3', 'inv_d_0', 'unknown', null),
    );
    // r1 failed and nothing refunded: fine. r2 succeeded with no refund at the acquirer; tx 5 refunded with no row.
    books.refunds.push(
      { id: 'r1', payment_id: 'p1', status: 'failed', amount: 1000, provider_transaction_id: null },
      { id: 'r2', payment_id: 'p1', status: 'succeeded', amount: 300, provider_transaction_id: '77' },
    );
    books.subscriptions.push({ id: 'e', status: 'past_due', workflowRunning: undefined });
    const ledger = [
      tx(1, 'inv_a_0', 'Completed'),
      tx(3, 'inv_a_0', 'Completed'),
      tx(4, 'inv_a_0', 'Completed'),
      tx(5, 'inv_a_0', 'Completed', 'refund', { OriginalTransactionId: 4 }),
      tx(9, 'inv_c_0', 'Cancelled'),
    ];
    expect(counts(books, ledger)).toEqual({
      capturedMoreThanOnce: 1,
      capturesNotRecorded: 1,
      recordsWithoutCapture: 2,
      paymentsStillPending: 1,
      subscriptionsIndefinite: 1,
      refundsMismatched: 2,
    });
  });
});
