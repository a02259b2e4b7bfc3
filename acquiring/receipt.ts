// A fiscal receipt (54-FZ) in our words: each adapter turns it into its acquirer's receipt data (YooKassa's
// `receipt` object, CloudPayments' CustomerReceipt). Amounts are minor units, as everywhere inside.

/** VAT rate (tag 1199): `none` = not subject to VAT; `x/1yy` = the rate inside a price that includes it. */
export type VatRate =
  | 'none'
  | '0'
  | '5'
  | '7'
  | '10'
  | '20'
  | '22'
  | '5/105'
  | '7/107'
  | '10/110'
  | '20/120'
  | '22/122';
export const VAT_RATES: readonly VatRate[] = [
  'none',
  '0',
  '5',
  '7',
  '10',
  '20',
  '22',
  '5/105',
  '7/107',
  '10/110',
  '20/120',
  '22/122',
];

/** Payment subject (tag 1212), by its 54-FZ name. */
export type PaymentSubject = 'service' | 'commodity' | 'job' | 'payment' | 'intellectual_activity' | 'another';
export const PAYMENT_SUBJECTS: readonly PaymentSubject[] = [
  'service',
  'commodity',
  'job',
  'payment',
  'intellectual_activity',
  'another',
];

/** Payment mode (tag 1214), by its 54-FZ name. */
export type PaymentMode = 'full_payment' | 'full_prepayment' | 'partial_prepayment' | 'advance';
export const PAYMENT_MODES: readonly PaymentMode[] = [
  'full_payment',
  'full_prepayment',
  'partial_prepayment',
  'advance',
];

export interface ReceiptItem {
  /** At most 128 characters. */
  description: string;
  quantity: number;
  /** Price per unit in minor units; the items' amount × quantity add up to the payment's (or refund's) amount. */
  amount: number;
  currency: string;
  vat: VatRate;
  subject: PaymentSubject;
  mode: PaymentMode;
}

export interface Receipt {
  /** `income`: the payment's receipt; `income_return`: a refund's. */
  kind: 'income' | 'income_return';
  /** Where the receipt is sent; at least one of the two. */
  customer: { email?: string | undefined; phone?: string | undefined };
  items: ReceiptItem[];
  /** Taxation system (tag 1055), 0–5 as CloudKassir numbers it; the acquirer's default when absent. */
  taxSystem?: number | undefined;
}
