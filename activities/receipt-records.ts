// The fiscal receipts (54-FZ) money calls carry, built from the rows (invoice, plan, the subscription's contact) and
// kept on the payment or refund they were sent with. Workflows never see them: only these activities read the contact.
import { and, eq, isNull } from 'drizzle-orm';
import type { Receipt } from '../acquiring/receipt.js';
import type { Database } from '../db/create-db.js';
import { invoices, payments, plans, refunds, subscriptions } from '../db/schema/index.js';
import { subscriptionContactStore } from '../db/subscription-contacts.js';
import { paymentReceipt, type ReceiptSettings, refundReceipt } from '../domain/receipts.js';

export interface ReceiptDeps {
  db: Database;
  /** RECEIPT_VAT, RECEIPT_PAYMENT_SUBJECT, RECEIPT_PAYMENT_MODE, RECEIPT_TAX_SYSTEM. */
  receipts: ReceiptSettings;
}

type PaymentRow = typeof payments.$inferSelect;
type RefundRow = typeof refunds.$inferSelect;

/**
 * The receipt for paying an invoice: its amount on the line of the plan it buys (`planId`, else the subscription's
 * plan). Undefined when it needs none (a card check) or cannot have one (no contact on file).
 */
export async function invoiceReceipt(
  { db, receipts }: ReceiptDeps,
  invoiceId: string,
  planId?: string | undefined,
): Promise<Receipt | undefined> {
  // One read on every charge attempt: the invoice with the plan it buys.
  const [row] = await db
    .select({ invoice: invoices, plan: plans })
    .from(invoices)
    .innerJoin(subscriptions, eq(invoices.subscriptionId, subscriptions.id))
    .innerJoin(plans, eq(plans.id, planId ?? subscriptions.planId))
    .where(eq(invoices.id, invoiceId));
  if (!row) return undefined;
  const customer = await subscriptionContactStore(db).read(row.invoice.subscriptionId);
  return paymentReceipt({ invoice: row.invoice, plan: row.plan, customer, settings: receipts });
}

/** An attempt's receipt: the one it was first sent with (so a retry sends the same), else built now and kept. */
export async function attemptReceipt(
  deps: ReceiptDeps,
  row: PaymentRow,
  planId?: string | undefined,
): Promise<Receipt | undefined> {
  if (row.receipt) return row.receipt;
  const receipt = await invoiceReceipt(deps, row.invoiceId, planId);
  if (receipt) {
    await deps.db
      .update(payments)
      .set({ receipt })
      .where(and(eq(payments.id, row.id), isNull(payments.receipt)));
  }
  return receipt;
}

/**
 * A hosted page's payment is recorded from the acquirer's word, after the link was made: its row gets the receipt the
 * link was created with (built from the same rows).
 */
export async function keepLinkReceipts(deps: ReceiptDeps, invoiceId: string) {
  const receipt = await invoiceReceipt(deps, invoiceId);
  if (!receipt) return;
  await deps.db
    .update(payments)
    .set({ receipt })
    .where(and(eq(payments.invoiceId, invoiceId), eq(payments.status, 'succeeded'), isNull(payments.receipt)));
}

/** A refund's receipt: the payment's plan line at the refunded amount; kept on the refund, so a retry sends the same. */
export async function refundReceiptOf(
  deps: ReceiptDeps,
  refund: RefundRow,
  payment: PaymentRow,
): Promise<Receipt | undefined> {
  if (refund.receipt) return refund.receipt;
  const paid = payment.receipt ?? (await invoiceReceipt(deps, payment.invoiceId));
  if (!paid) return undefined;
  const receipt = refundReceipt(paid, refund.amount);
  await deps.db
    .update(refunds)
    .set({ receipt })
    .where(and(eq(refunds.id, refund.id), isNull(refunds.receipt)));
  return receipt;
}
