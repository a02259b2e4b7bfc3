// Pure: our fiscal receipt (54-FZ) → CloudPayments' CustomerReceipt, sent inside a payment's or refund's JsonData as
// {"CloudPayments":{"CustomerReceipt":{…}}}; CloudKassir then issues it (a refund's as a return, by the operation).
// UNVERIFIED (cloudpayments.md §2.2, yookassa.md §7 [S18]): the item keys (label, price, quantity, amount, vat, method,
// object) and the "CloudPayments" key's casing come from public client code, not from CloudPayments' API docs; the
// `vat` numbers follow CloudKassir's published list; `method` / `object` are the 54-FZ tag 1214 / 1212 codes.
import type { PaymentMode, PaymentSubject, Receipt, VatRate } from '../receipt.js';
import { toMajorUnits } from './mapper.js';

/** CloudKassir's `vat`: null = not subject to VAT; 110, 120… = the rate inside a price that includes it (10/110…). */
export const CLOUDKASSIR_VAT: Record<VatRate, number | null> = {
  none: null,
  '0': 0,
  '5': 5,
  '7': 7,
  '10': 10,
  '20': 20,
  '22': 22,
  '5/105': 105,
  '7/107': 107,
  '10/110': 110,
  '20/120': 120,
  '22/122': 122,
};

/** 54-FZ tag 1214, "признак способа расчёта". */
export const PAYMENT_METHOD_CODES: Record<PaymentMode, number> = {
  full_prepayment: 1,
  partial_prepayment: 2,
  advance: 3,
  full_payment: 4,
};

/** 54-FZ tag 1212, "признак предмета расчёта". */
export const PAYMENT_OBJECT_CODES: Record<PaymentSubject, number> = {
  commodity: 1,
  job: 3,
  service: 4,
  intellectual_activity: 9,
  payment: 10,
  another: 13,
};

export interface CustomerReceipt {
  Items: {
    label: string;
    price: number;
    quantity: number;
    amount: number;
    vat: number | null;
    method: number;
    object: number;
  }[];
  email?: string;
  phone?: string;
  taxationSystem?: number;
}

export function toCustomerReceipt(receipt: Receipt): CustomerReceipt {
  return {
    Items: receipt.items.map((item) => ({
      label: item.description,
      price: toMajorUnits(item.amount, item.currency),
      quantity: item.quantity,
      amount: toMajorUnits(item.amount * item.quantity, item.currency),
      vat: CLOUDKASSIR_VAT[item.vat],
      method: PAYMENT_METHOD_CODES[item.mode],
      object: PAYMENT_OBJECT_CODES[item.subject],
    })),
    ...(receipt.customer.email ? { email: receipt.customer.email } : {}),
    ...(receipt.customer.phone ? { phone: `+${receipt.customer.phone}` } : {}),
    ...(receipt.taxSystem === undefined ? {} : { taxationSystem: receipt.taxSystem }),
  };
}

/** The JsonData of a money call: our ids (read back from notifications and lists), and the receipt when there is one. */
export function jsonDataWith(ours: Record<string, string>, receipt: Receipt | undefined) {
  return receipt ? { ...ours, CloudPayments: { CustomerReceipt: toCustomerReceipt(receipt) } } : ours;
}
