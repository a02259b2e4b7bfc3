// Our 54-FZ receipt → YooKassa's `receipt` object (pure).
import { describe, expect, it } from 'vitest';
import { type Receipt, VAT_RATES } from '../../acquiring/receipt.js';
import { toWireReceipt, VAT_CODES } from '../../acquiring/yookassa/receipt.js';
import { captureBody, refundBody } from '../../acquiring/yookassa/requests.js';

const receipt = (over: Partial<Receipt> = {}): Receipt => ({
  kind: 'income',
  customer: { email: 'anna@example.com' },
  items: [
    {
      description: 'Movix Pro, 1 month',
      quantity: 1,
      amount: 49_900,
      currency: 'RUB',
      vat: 'none',
      subject: 'service',
      mode: 'full_payment',
    },
  ],
  ...over,
});

describe('YooKassa receipts', () => {
  it('an item is one piece with a string amount per unit, vat_code, payment subject and mode', () => {
    expect(toWireReceipt(receipt())).toEqual({
      customer: { email: 'anna@example.com' },
      items: [
        {
          description: 'Movix Pro, 1 month',
          quantity: 1,
          amount: { value: '499.00', currency: 'RUB' },
          vat_code: 1,
          payment_subject: 'service',
          payment_mode: 'full_payment',
          measure: 'piece',
        },
      ],
    });
  });

  it.each([
    ['none', 1],
    ['0', 2],
    ['10', 3],
    ['20', 4],
    ['10/110', 5],
    ['20/120', 6],
    ['5', 7],
    ['7', 8],
    ['5/105', 9],
    ['7/107', 10],
    ['22', 11],
    ['22/122', 12],
  ] as const)('VAT %s is vat_code %i', (vat, code) => {
    expect(VAT_CODES[vat]).toBe(code);
  });

  it('every VAT rate we know has a distinct code from 1 to 12', () => {
    const codes = VAT_RATES.map((rate) => VAT_CODES[rate]);
    expect(new Set(codes).size).toBe(12);
    expect(Math.min(...codes)).toBe(1);
    expect(Math.max(...codes)).toBe(12);
  });

  it('the phone is sent as E.164 digits; tax system 0–5 becomes tax_system_code 1–6', () => {
    const wire = toWireReceipt(receipt({ customer: { phone: '+7 (900) 123-45-67' }, taxSystem: 1 }));
    expect(wire.customer).toEqual({ phone: '79001234567' });
    expect(wire.tax_system_code).toBe(2);
    expect(toWireReceipt(receipt({ taxSystem: 0 })).tax_system_code).toBe(1);
    expect(toWireReceipt(receipt({ taxSystem: 5 })).tax_system_code).toBe(6);
  });

  it('a receipt without a contact, without items, or with an unknown tax system is refused', () => {
    expect(() => toWireReceipt(receipt({ customer: {} }))).toThrow(/e-mail or phone/);
    expect(() => toWireReceipt(receipt({ items: [] }))).toThrow(/item/);
    expect(() => toWireReceipt(receipt({ taxSystem: 6 }))).toThrow(/Taxation system/);
  });

  it('a description over 128 characters is cut to 128', () => {
    const item = { ...receipt().items[0], description: 'x'.repeat(200) } as Receipt['items'][number];
    expect(toWireReceipt(receipt({ items: [item] })).items[0]?.description).toHaveLength(128);
  });

  it('capture and refund bodies carry the receipt; the refund its returned lines', () => {
    const ids = { paymentId: 'p', idempotencyKey: 'k', providerTransactionId: 'pm_1', amount: 49_900, currency: 'RUB' };
    expect(captureBody({ ...ids, receipt: receipt() })).toMatchObject({ receipt: { items: [{ vat_code: 1 }] } });
    const back = receipt({ kind: 'income_return' });
    expect(refundBody({ ...ids, refundId: 'r', receipt: back })).toMatchObject({
      receipt: { customer: { email: 'anna@example.com' }, items: [{ amount: { value: '499.00' } }] },
    });
    expect(captureBody(ids)).not.toHaveProperty('receipt');
  });
});
