import { describe, expect, it } from 'vitest';
import {
  CLOUDKASSIR_VAT,
  jsonDataWith,
  PAYMENT_METHOD_CODES,
  PAYMENT_OBJECT_CODES,
  toCustomerReceipt,
} from '../../acquiring/cloudpayments/receipt-mapper.js';
import type { Receipt } from '../../acquiring/receipt.js';

const receipt: Receipt = {
  kind: 'income',
  customer: { email: 'viewer@example.test', phone: '79001234567' },
  items: [
    {
      description: 'Subscription "Monthly", 1 month, 2026-12-03 to 2027-01-03',
      quantity: 1,
      amount: 29990,
      currency: 'RUB',
      vat: 'none',
      subject: 'service',
      mode: 'full_payment',
    },
  ],
  taxSystem: 1,
};

describe('CloudPayments CustomerReceipt mapping', () => {
  it('sends major units, CloudKassir VAT, the 54-FZ method/object codes, the contact and the tax system', () => {
    expect(toCustomerReceipt(receipt)).toEqual({
      Items: [
        {
          label: 'Subscription "Monthly", 1 month, 2026-12-03 to 2027-01-03',
          price: 299.9,
          quantity: 1,
          amount: 299.9,
          vat: null,
          method: 4,
          object: 4,
        },
      ],
      email: 'viewer@example.test',
      phone: '+79001234567',
      taxationSystem: 1,
    });
  });

  it.each([
    ['none', null],
    ['0', 0],
    ['10', 10],
    ['20', 20],
    ['22', 22],
    ['10/110', 110],
    ['20/120', 120],
    ['5/105', 105],
  ] as const)('VAT %s is %s', (ours, theirs) => {
    expect(CLOUDKASSIR_VAT[ours]).toBe(theirs);
  });

  it.each([
    ['full_prepayment', 1],
    ['partial_prepayment', 2],
    ['advance', 3],
    ['full_payment', 4],
  ] as const)('payment mode %s is tag 1214 = %i', (mode, code) => {
    expect(PAYMENT_METHOD_CODES[mode]).toBe(code);
  });

  it.each([
    ['commodity', 1],
    ['job', 3],
    ['service', 4],
    ['intellectual_activity', 9],
    ['payment', 10],
    ['another', 13],
  ] as const)('payment subject %s is tag 1212 = %i', (subject, code) => {
    expect(PAYMENT_OBJECT_CODES[subject]).toBe(code);
  });

  it('puts the receipt under CloudPayments.CustomerReceipt beside our ids, and nothing when there is none', () => {
    expect(jsonDataWith({ paymentId: 'pay_1' }, receipt)).toEqual({
      paymentId: 'pay_1',
      CloudPayments: { CustomerReceipt: toCustomerReceipt(receipt) },
    });
    expect(jsonDataWith({ paymentId: 'pay_1', refundId: 'ref_1' }, undefined)).toEqual({
      paymentId: 'pay_1',
      refundId: 'ref_1',
    });
  });

  it('a line of several units costs quantity × price; no phone or tax system is left out, not sent empty', () => {
    const two: Receipt = {
      ...receipt,
      customer: { email: 'a@example.test' },
      taxSystem: undefined,
      items: [{ ...receipt.items[0], quantity: 2, amount: 15000 } as Receipt['items'][number]],
    };
    expect(toCustomerReceipt(two)).toEqual({
      Items: [expect.objectContaining({ price: 150, quantity: 2, amount: 300 })],
      email: 'a@example.test',
    });
  });
});
