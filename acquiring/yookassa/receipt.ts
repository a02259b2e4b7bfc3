// Pure: our fiscal receipt (54-FZ) → YooKassa's `receipt` object (reference §7).
import type { PaymentMode, PaymentSubject, Receipt, VatRate } from '../receipt.js';
import { toWireAmount } from './money.js';
import type { WireAmount } from './schemas.js';

/** `vat_code` by rate (reference §7; 22 % from 1 January 2026). */
export const VAT_CODES: Record<VatRate, number> = {
  none: 1,
  '0': 2,
  '10': 3,
  '20': 4,
  '10/110': 5,
  '20/120': 6,
  '5': 7,
  '7': 8,
  '5/105': 9,
  '7/107': 10,
  '22': 11,
  '22/122': 12,
};

export const PAYMENT_SUBJECTS: Record<PaymentSubject, string> = {
  service: 'service',
  commodity: 'commodity',
  job: 'job',
  payment: 'payment',
  intellectual_activity: 'intellectual_activity',
  another: 'another',
};

export const PAYMENT_MODES: Record<PaymentMode, string> = {
  full_payment: 'full_payment',
  full_prepayment: 'full_prepayment',
  partial_prepayment: 'partial_prepayment',
  advance: 'advance',
};

/** Our taxation system (tag 1055, CloudKassir's 0–5) → YooKassa's `tax_system_code` (1–6, same order). */
export const TAX_SYSTEM_CODES: Record<number, number> = { 0: 1, 1: 2, 2: 3, 3: 4, 4: 5, 5: 6 };

export interface WireReceipt {
  customer: { email?: string; phone?: string };
  items: {
    description: string;
    quantity: number;
    amount: WireAmount;
    vat_code: number;
    payment_subject: string;
    payment_mode: string;
    measure: 'piece';
  }[];
  tax_system_code?: number;
}

/** +7 (900) 123-45-67 → 79001234567: YooKassa takes the phone as E.164 digits only. */
export const phoneDigits = (phone: string) => phone.replace(/\D/g, '');

export function toWireReceipt(receipt: Receipt): WireReceipt {
  const { email, phone } = receipt.customer;
  if (!email && !phone) throw new RangeError('A receipt needs the customer e-mail or phone');
  if (receipt.items.length === 0) throw new RangeError('A receipt needs at least one item');
  const customer: WireReceipt['customer'] = {};
  if (email) customer.email = email;
  if (phone) customer.phone = phoneDigits(phone);
  const wire: WireReceipt = {
    customer,
    items: receipt.items.map((item) => ({
      description: item.description.slice(0, 128),
      quantity: item.quantity,
      amount: toWireAmount(item.amount, item.currency),
      vat_code: VAT_CODES[item.vat],
      payment_subject: PAYMENT_SUBJECTS[item.subject],
      payment_mode: PAYMENT_MODES[item.mode],
      measure: 'piece',
    })),
  };
  if (receipt.taxSystem !== undefined) {
    const code = TAX_SYSTEM_CODES[receipt.taxSystem];
    if (code === undefined) throw new RangeError(`Taxation system ${receipt.taxSystem} is not one of 0–5`);
    wire.tax_system_code = code;
  }
  return wire;
}
