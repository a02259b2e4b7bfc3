import { describe, expect, it } from 'vitest';
import { CustomerContactRequiredError, checkoutContact, contactFromClaims } from '../../domain/customer-contact.js';
import {
  MAX_DESCRIPTION_LENGTH,
  paymentReceipt,
  type ReceiptInvoice,
  type ReceiptSettings,
  receiptTotal,
  refundReceipt,
} from '../../domain/receipts.js';

const settings: ReceiptSettings = { vat: 'none', subject: 'service', mode: 'full_payment' };
const monthly = { name: 'Monthly', periodUnit: 'month' as const, periodCount: 1 };
const invoice = (over: Partial<ReceiptInvoice> = {}): ReceiptInvoice => ({
  kind: 'initial',
  amount: 29900,
  currency: 'RUB',
  periodStart: new Date('2026-12-03T07:00:00Z'),
  periodEnd: new Date('2027-01-03T07:00:00Z'),
  ...over,
});
const customer = { email: 'viewer@example.test' };

describe('payment receipt (one line per plan, at the invoice amount)', () => {
  it('describes the plan and its period; quantity 1; VAT, subject and mode from the settings', () => {
    const receipt = paymentReceipt({ invoice: invoice(), plan: monthly, customer, settings });
    expect(receipt).toEqual({
      kind: 'income',
      customer: { email: 'viewer@example.test' },
      items: [
        {
          description: 'Subscription "Monthly", 1 month, 2026-12-03 to 2027-01-03',
          quantity: 1,
          amount: 29900,
          currency: 'RUB',
          vat: 'none',
          subject: 'service',
          mode: 'full_payment',
        },
      ],
    });
  });

  it.each([
    ['renewal', { name: '3 months', periodUnit: 'month', periodCount: 3 }, 'Subscription "3 months", 3 months, '],
    ['renewal', { name: 'Demo', periodUnit: 'minute', periodCount: 1 }, 'Subscription "Demo", 1 minute, '],
    ['renewal', { name: 'Yearly', periodUnit: 'year', periodCount: 2 }, 'Subscription "Yearly", 2 years, '],
    ['proration', monthly, 'Plan change to "Monthly", proration 2026-12-03 to 2027-01-03'],
  ] as const)('a %s invoice is one line: %s', (kind, plan, start) => {
    const receipt = paymentReceipt({ invoice: invoice({ kind, amount: 12345 }), plan, customer, settings });
    expect(receipt?.items).toHaveLength(1);
    expect(receipt?.items[0]?.description.startsWith(start)).toBe(true);
    expect(receipt && receiptTotal(receipt)).toBe(12345);
  });

  it('carries the configured tax system, and a phone as well as (or instead of) an e-mail', () => {
    const receipt = paymentReceipt({
      invoice: invoice(),
      plan: monthly,
      customer: { phone: '79001234567' },
      settings: { vat: '20/120', subject: 'payment', mode: 'full_prepayment', taxSystem: 1 },
    });
    expect(receipt).toMatchObject({ customer: { phone: '79001234567' }, taxSystem: 1 });
    expect(receipt?.customer).not.toHaveProperty('email');
    expect(receipt?.items[0]).toMatchObject({ vat: '20/120', subject: 'payment', mode: 'full_prepayment' });
  });

  it('fits a long plan name into 128 characters and keeps the period', () => {
    const plan = { ...monthly, name: 'P'.repeat(300) };
    const description = paymentReceipt({ invoice: invoice(), plan, customer, settings })?.items[0]?.description ?? '';
    expect(description).toHaveLength(MAX_DESCRIPTION_LENGTH);
    expect(description.endsWith('…", 1 month, 2026-12-03 to 2027-01-03')).toBe(true);
  });

  it('has none for a card check (a released hold), without a contact, or for nothing owed', () => {
    expect(paymentReceipt({ invoice: invoice({ kind: 'card_check' }), plan: monthly, customer, settings })).toBe(
      undefined,
    );
    expect(paymentReceipt({ invoice: invoice(), plan: monthly, customer: {}, settings })).toBe(undefined);
    expect(paymentReceipt({ invoice: invoice({ amount: 0 }), plan: monthly, customer, settings })).toBe(undefined);
  });
});

describe('refund receipt', () => {
  const paid = paymentReceipt({ invoice: invoice(), plan: monthly, customer, settings: { ...settings, taxSystem: 2 } });

  it.each([29900, 14950, 1])('returns %i on the plan line, as income_return', (amount) => {
    if (!paid) throw new Error('expected a payment receipt');
    const returned = refundReceipt(paid, amount);
    expect(returned.kind).toBe('income_return');
    expect(returned.items).toEqual([{ ...paid.items[0], amount, quantity: 1 }]);
    expect(returned.customer).toEqual(paid.customer);
    expect(returned.taxSystem).toBe(2);
    expect(receiptTotal(returned)).toBe(amount);
  });
});

describe('the receipt contact from token claims', () => {
  it.each([
    [
      { email: 'a@example.test', phone_number: '+7 (900) 123-45-67' },
      { email: 'a@example.test', phone: '79001234567' },
    ],
    [{ email: 'not an address', phone_number: 'call me' }, {}],
    [{ email: 42, phone_number: null }, {}],
    // Luhn-valid 16-digit runs: echoed in the acquirer's notifications, they would be refused as card numbers.
    [{ email: '4111111111111111@example.test', phone_number: '+4222222222222' }, {}],
  ])('%j → %j', (claims, contact) => {
    expect(contactFromClaims(claims)).toEqual(contact);
  });

  it('the checkout’s own contact wins; neither is 422 customer_contact_required', () => {
    expect(checkoutContact({ phone: '+79001234567' }, { email: 'token@example.test' })).toEqual({
      phone: '79001234567',
    });
    expect(checkoutContact(undefined, { email: 'token@example.test' })).toEqual({ email: 'token@example.test' });
    expect(() => checkoutContact({}, {})).toThrow(CustomerContactRequiredError);
  });
});
