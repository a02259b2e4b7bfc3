import { describe, expect, it } from 'vitest';
import { readReceipt } from '../../sandbox/receipts.js';

const item = { label: 'Subscription "Monthly"', price: 299, quantity: 1, amount: 299, vat: null, method: 4, object: 4 };
const data = (receipt: unknown, key = 'CloudPayments') =>
  JSON.stringify({ paymentId: 'pay_1', [key]: { CustomerReceipt: receipt } });

describe('the sandbox reads the receipt a request carries in JsonData', () => {
  it('keeps a well-formed one, under any casing of the CloudPayments key', () => {
    const receipt = { Items: [item], email: 'a@example.test', taxationSystem: 1 };
    for (const key of ['CloudPayments', 'cloudPayments', 'cloudpayments']) {
      expect(readReceipt(data(receipt, key), 299)).toEqual({ receipt, receiptProblem: null });
    }
  });

  it('has none without one (no JsonData, our ids only, unreadable JSON)', () => {
    for (const json of [null, '{"paymentId":"pay_1"}', '{not json']) {
      expect(readReceipt(json, 299)).toEqual({ receipt: null, receiptProblem: null });
    }
  });

  it.each([
    [{ Items: [item], email: 'a@example.test' }, 300, 'items add up to 299, the operation is 300'],
    [{ Items: [{ ...item, amount: 598 }], phone: '+79001234567' }, 598, 'amount ≠ price × quantity'],
    [{ Items: [item] }, 299, 'neither email nor phone'],
  ])('says what CloudKassir would refuse: %j for %d → %s', (receipt, amount, problem) => {
    expect(readReceipt(data(receipt), amount).receiptProblem).toContain(problem);
  });

  it('names the fields of a malformed one', () => {
    const result = readReceipt(data({ Items: [{ ...item, vat: 18, method: 'full' }], email: 'a@example.test' }), 299);
    expect(result.receipt).toBe(null);
    expect(result.receiptProblem).toMatch(/vat/);
    expect(result.receiptProblem).toMatch(/method/);
  });
});
