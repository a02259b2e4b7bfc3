// The acquirer drivers' ledgers in our words: what "captured once" and "the books agree" are judged by in the
// whole-stack scenarios (test/e2e/acquirer-scenarios.test.ts), from hand-made acquirer records.
import { describe, expect, it } from 'vitest';
import { cloudPaymentsLedgerEntry } from '../support/acquirer-drivers/cloudpayments.js';
import { minorUnits, yooKassaLedger } from '../support/acquirer-drivers/yookassa.js';

describe('the CloudPayments ledger in our words', () => {
  const tx = (fields: Record<string, unknown>) =>
    cloudPaymentsLedgerEntry({ TransactionId: 7, InvoiceId: 'inv_1', Amount: 10.5, Currency: 'RUB', ...fields });

  it.each([
    ['payment', 'AwaitingAuthentication', 'pending'],
    ['payment', 'Authorized', 'authorized'],
    ['payment', 'Completed', 'captured'],
    ['payment', 'Cancelled', 'voided'],
    ['payment', 'Declined', 'declined'],
    ['refund', 'Completed', 'refunded'],
    ['refund', 'Declined', 'refund_failed'],
  ])('a %s %s is %s', (kind, status, ours) => {
    expect(tx({ Kind: kind, Status: status }).status).toBe(ours);
  });

  it('amounts in minor units; a refund names its payment; a payment its saved card', () => {
    expect(tx({ Kind: 'payment', Status: 'Completed', Token: 'tk_1', Amount: 0.29 })).toMatchObject({
      transactionId: '7',
      amount: 29,
      savedCard: 'tk_1',
      paymentTransactionId: null,
    });
    expect(tx({ Kind: 'refund', Status: 'Completed', OriginalTransactionId: 5 })).toMatchObject({
      kind: 'refund',
      paymentTransactionId: '5',
      invoiceId: 'inv_1',
    });
  });

  it('an unknown status is an error, not a guess', () => {
    expect(() => tx({ Kind: 'payment', Status: 'Refunded' })).toThrow(/unknown status/);
  });
});

describe('the YooKassa ledger in our words', () => {
  const payment = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
    id,
    status,
    amount: { value: '100.00', currency: 'RUB' },
    metadata: { invoiceId: `inv_${id}` },
    created_at: `2026-12-03T07:00:0${id}.000Z`,
    ...extra,
  });
  const refund = (id: string, paymentId: string, status: string) => ({
    id,
    payment_id: paymentId,
    status,
    amount: { value: '30.00', currency: 'RUB' },
    created_at: `2026-12-03T07:00:0${id.slice(1)}.000Z`,
  });

  it.each([
    ['pending', undefined, 'pending'],
    ['waiting_for_capture', undefined, 'authorized'],
    ['succeeded', undefined, 'captured'],
    ['canceled', 'insufficient_funds', 'declined'],
    ['canceled', '3d_secure_failed', 'declined'],
    ['canceled', 'canceled_by_merchant', 'voided'],
    ['canceled', 'expired_on_capture', 'voided'],
    ['canceled', 'expired_on_confirmation', 'voided'],
  ])('a payment %s (%s) is %s', (status, reason, ours) => {
    const details = reason ? { cancellation_details: { party: 'merchant', reason } } : {};
    expect(yooKassaLedger({ items: [payment('1', status, details)] })[0]?.status).toBe(ours);
  });

  it('a refund takes the invoice of its payment, in creation order, whether listed together or apart, bare or wrapped', () => {
    const stored = [payment('1', 'succeeded', { payment_method: { id: 'pm_1' } }), refund('r3', '1', 'succeeded')];
    const expected = [
      {
        kind: 'payment',
        transactionId: '1',
        invoiceId: 'inv_1',
        amount: 10_000,
        status: 'captured',
        savedCard: 'pm_1',
      },
      { kind: 'refund', transactionId: 'r3', paymentTransactionId: '1', invoiceId: 'inv_1', amount: 3_000 },
    ];
    expect(yooKassaLedger({ items: [...stored].reverse() })).toMatchObject(expected);
    expect(yooKassaLedger({ payments: [stored[0]], refunds: [stored[1]] })).toMatchObject(expected);
    expect(yooKassaLedger(stored.map((object, i) => ({ kind: i ? 'refund' : 'payment', object })))).toMatchObject(
      expected,
    );
    expect(yooKassaLedger({ items: [refund('r4', '1', 'canceled')] })[0]?.status).toBe('refund_failed');
  });

  it.each([
    ['0.29', 29],
    ['100.00', 10_000],
    ['1.1', 110],
    ['12345', 1_234_500],
  ])('%s is %i minor units, without a float in between', (value, minor) => {
    expect(minorUnits(value)).toBe(minor);
  });
});
