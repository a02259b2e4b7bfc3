// The fiscal receipts (54-FZ) a payment and a refund carry: one line per plan, at the invoice's (or refund's)
// amount, with VAT, payment subject and mode from configuration. Pure: activities read the rows and pass them in.
import type { PaymentMode, PaymentSubject, Receipt, ReceiptItem, VatRate } from '../acquiring/receipt.js';
import type { InvoiceKind, PeriodUnit } from '../db/schema/statuses.js';

/** RECEIPT_VAT, RECEIPT_PAYMENT_SUBJECT, RECEIPT_PAYMENT_MODE, RECEIPT_TAX_SYSTEM. */
export interface ReceiptSettings {
  vat: VatRate;
  subject: PaymentSubject;
  mode: PaymentMode;
  taxSystem?: number | undefined;
}

export interface CustomerContact {
  email?: string | undefined;
  phone?: string | undefined;
}

export interface ReceiptPlan {
  name: string;
  periodUnit: PeriodUnit;
  periodCount: number;
}

export interface ReceiptInvoice {
  kind: InvoiceKind;
  amount: number;
  currency: string;
  periodStart: Date;
  periodEnd: Date;
}

/** 54-FZ tag 1030 (the item's name) takes at most 128 characters. */
export const MAX_DESCRIPTION_LENGTH = 128;

const UNIT_NAMES: Record<PeriodUnit, [one: string, many: string]> = {
  minute: ['minute', 'minutes'],
  day: ['day', 'days'],
  week: ['week', 'weeks'],
  month: ['month', 'months'],
  year: ['year', 'years'],
};

const periodLabel = (plan: ReceiptPlan) => {
  const [one, many] = UNIT_NAMES[plan.periodUnit];
  return `${plan.periodCount} ${plan.periodCount === 1 ? one : many}`;
};

// Dates are joined by " to ", never by a space or dash alone: CloudPayments echoes the receipt in each notification's
// Data, and two dates run together (16 digits in dash/space groups) may pass the API's card-number guard.
const day = (d: Date) => d.toISOString().slice(0, 10);

type Describe = (plan: ReceiptPlan, invoice: ReceiptInvoice) => { head: string; tail: string };

const periodLine: Describe = (plan, inv) => ({
  head: 'Subscription "',
  tail: `", ${periodLabel(plan)}, ${day(inv.periodStart)} to ${day(inv.periodEnd)}`,
});

/** What the line says, by invoice kind; a card check is a hold that is released, so it has no receipt. */
const DESCRIBE: Record<InvoiceKind, Describe | null> = {
  initial: periodLine,
  renewal: periodLine,
  proration: (_plan, inv) => ({
    head: 'Plan change to "',
    tail: `", proration ${day(inv.periodStart)} to ${day(inv.periodEnd)}`,
  }),
  card_check: null,
};

/** The plan's name between a fixed head and tail, shortened (never the tail) to fit 128 characters. */
function fitDescription(head: string, name: string, tail: string): string {
  const room = MAX_DESCRIPTION_LENGTH - head.length - tail.length;
  const fitted = name.length <= room ? name : `${name.slice(0, Math.max(0, room - 1))}…`;
  return `${head}${fitted}${tail}`.slice(0, MAX_DESCRIPTION_LENGTH);
}

export const hasContact = (c: CustomerContact) => Boolean(c.email || c.phone);

/**
 * The receipt of an invoice's payment: one line, the plan, at the invoice's amount. Undefined when the payment needs
 * none (a card check's hold) or cannot have one (no contact: subscriptions started before receipts were issued).
 */
export function paymentReceipt(input: {
  invoice: ReceiptInvoice;
  plan: ReceiptPlan;
  customer: CustomerContact;
  settings: ReceiptSettings;
}): Receipt | undefined {
  const { invoice, plan, customer, settings } = input;
  const describe = DESCRIBE[invoice.kind];
  if (!describe || !hasContact(customer) || invoice.amount <= 0) return undefined;
  const { head, tail } = describe(plan, invoice);
  const item: ReceiptItem = {
    description: fitDescription(head, plan.name, tail),
    quantity: 1,
    amount: invoice.amount,
    currency: invoice.currency,
    vat: settings.vat,
    subject: settings.subject,
    mode: settings.mode,
  };
  return {
    kind: 'income',
    customer: contactOf(customer),
    items: [item],
    ...(settings.taxSystem === undefined ? {} : { taxSystem: settings.taxSystem }),
  };
}

const contactOf = (c: CustomerContact) => ({
  ...(c.email ? { email: c.email } : {}),
  ...(c.phone ? { phone: c.phone } : {}),
});

/** A refund's receipt: the payment's plan line, at the refunded amount (a partial refund returns part of it). */
export function refundReceipt(paid: Receipt, refundedAmount: number): Receipt {
  const [line] = paid.items;
  if (!line) throw new RangeError('a payment receipt without lines cannot be returned');
  return { ...paid, kind: 'income_return', items: [{ ...line, quantity: 1, amount: refundedAmount }] };
}

/** Σ amount × quantity: what a receipt adds up to (the payment's or refund's amount). */
export const receiptTotal = (r: Receipt) => r.items.reduce((sum, i) => sum + i.amount * i.quantity, 0);
