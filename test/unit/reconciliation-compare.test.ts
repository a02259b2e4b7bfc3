import { describe, expect, it } from 'vitest';
import type { AcquirerTransaction } from '../../acquiring/provider.js';
import {
  comparePayment,
  compareRefund,
  type LocalBooks,
  type LocalPayment,
} from '../../activities/reconciliation-compare.js';
import { duplicateCharges } from '../../activities/reconciliation-duplicates.js';
import type { SubscriptionStatus } from '../../db/schema/statuses.js';

const tx = (over: Partial<AcquirerTransaction> = {}): AcquirerTransaction => ({
  kind: 'payment',
  providerTransactionId: '100',
  invoiceId: 'inv_a',
  state: 'captured',
  amount: 29900,
  currency: 'RUB',
  createdAt: '2026-11-26T10:00:00.000Z',
  raw: null,
  ...over,
});

const payment = (over: Partial<LocalPayment> = {}): LocalPayment => ({
  id: 'pay_inv_a_1',
  invoiceId: 'inv_a',
  status: 'succeeded',
  amount: 29900,
  currency: 'RUB',
  providerTransactionId: '100',
  ...over,
});

function books(
  local: LocalPayment[] = [],
  invoiceStatus?: string,
  subscriptionStatus: SubscriptionStatus = 'pending_payment',
): LocalBooks {
  return {
    paymentsByTransaction: new Map(
      local.filter((p) => p.providerTransactionId).map((p) => [p.providerTransactionId ?? '', p]),
    ),
    paymentsById: new Map(local.map((p) => [p.id, p])),
    invoices: new Map(
      invoiceStatus
        ? [
            [
              'inv_a',
              { id: 'inv_a', status: invoiceStatus, subscriptionId: 'sub_a', userId: 'u', subscriptionStatus } as const,
            ],
          ]
        : [],
    ),
    refundIds: new Set(['ref_1']),
    refundTransactionIds: new Set(['200']),
  };
}

describe('comparePayment', () => {
  it.each([
    ['matching row', tx(), books([payment()]), {}],
    ['captured, ours declined', tx(), books([payment({ status: 'declined' })]), 'status_mismatch'],
    ['voided, ours succeeded', tx({ state: 'cancelled' }), books([payment()]), 'status_mismatch'],
    ['other amount', tx({ amount: 100 }), books([payment()]), 'amount_mismatch'],
    ['ours still unknown (settled by the stale step)', tx(), books([payment({ status: 'unknown' })]), {}],
    ['foreign invoice', tx(), books(), 'missing_local_payment'],
    ['our invoice already paid', tx(), books([], 'paid'), 'missing_local_payment'],
    ['foreign invoice, declined', tx({ state: 'declined' }), books(), {}],
    [
      'echoed id of a row that has another transaction',
      tx({ paymentId: 'pay_inv_a_1' }),
      books([payment({ providerTransactionId: '99' })]),
      'missing_local_payment',
    ],
  ])('%s → %j', (_what, listed, local, expected) => {
    const result = comparePayment(listed, local);
    expect(typeof expected === 'string' ? result.discrepancy?.kind : result).toEqual(expected);
  });

  it('a payment of our open invoice on a live subscription is to be told to its workflow, not stored', () => {
    const result = comparePayment(tx({ paymentId: 'pay_inv_a_0' }), books([], 'open'));
    expect(result).toEqual({
      unrecorded: {
        subscriptionId: 'sub_a',
        userId: 'u',
        invoiceId: 'inv_a',
        providerTransactionId: '100',
        outcome: 'succeeded',
      },
    });
  });

  it('a row without a transaction id is matched by our echoed payment id', () => {
    const pending = payment({ status: 'succeeded', providerTransactionId: null });
    expect(comparePayment(tx({ paymentId: pending.id }), books([pending]))).toEqual({});
  });
});

describe('compareRefund', () => {
  it.each([
    ['known by our refund id', tx({ kind: 'refund', providerTransactionId: '300', paymentId: 'ref_1' }), undefined],
    ['known by transaction id', tx({ kind: 'refund', providerTransactionId: '200' }), undefined],
    ['declined at the acquirer', tx({ kind: 'refund', providerTransactionId: '300', state: 'declined' }), undefined],
    ['unknown to us', tx({ kind: 'refund', providerTransactionId: '300' }), 'missing_local_refund'],
  ])('%s → %s', (_what, listed, expected) => {
    expect(compareRefund(listed, books())?.kind).toEqual(expected);
  });
});

describe('duplicate charges in the acquirer list', () => {
  it.each([
    [
      'one capture per invoice',
      [tx({ providerTransactionId: '1' }), tx({ providerTransactionId: '2', invoiceId: 'inv_b' })],
      [],
    ],
    [
      'a second capture of one invoice, listed before the first',
      [
        tx({ providerTransactionId: '9', createdAt: '2026-11-26T10:05:00.000Z', paymentId: 'pay_inv_a_2' }),
        tx({ providerTransactionId: '1', createdAt: '2026-11-26T10:00:00.000Z' }),
      ],
      [['9', 'pay_inv_a_2', '1']],
    ],
    [
      'holds, voids, declines and refunds take nothing twice',
      [
        tx({ providerTransactionId: '1' }),
        tx({ providerTransactionId: '2', state: 'authorized' }),
        tx({ providerTransactionId: '3', state: 'cancelled' }),
        tx({ providerTransactionId: '4', state: 'declined' }),
        tx({ providerTransactionId: '5', kind: 'refund' }),
      ],
      [],
    ],
    [
      'three captures: the two after the first',
      ['1', '2', '3'].map((id) => tx({ providerTransactionId: id })),
      [
        ['2', undefined, '1'],
        ['3', undefined, '1'],
      ],
    ],
  ])('%s', (_name, items, expected) => {
    const found = duplicateCharges(items);
    expect(found.every((d) => d.kind === 'duplicate_charge' && d.invoiceId === 'inv_a')).toBe(true);
    expect(found.map((d) => [d.providerTransactionId, d.paymentId, d.acquirer?.firstCaptureTransactionId])).toEqual(
      expected,
    );
  });
});
