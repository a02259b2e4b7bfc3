import { and, eq, inArray } from 'drizzle-orm';
import type { AcquirerNotification, CheckDecision } from '../../../acquiring/provider.js';
import type { Database } from '../../../db/create-db.js';
import { invoices, payments, subscriptions } from '../../../db/schema/index.js';

/**
 * The acquirer's `check`, before it authorises: is this a payment we expect? Unknown invoice → 10, another account
 * → 11, another amount → 12, not payable now (paid, ended, or another payment of it held or under way) → 13,
 * expired → 20.
 */
export async function decideCheck(db: Database, event: AcquirerNotification, now: Date): Promise<CheckDecision> {
  if (!event.invoiceId) return 'unknown_invoice';
  const [row] = await db
    .select({ invoice: invoices, subscription: subscriptions })
    .from(invoices)
    .innerJoin(subscriptions, eq(invoices.subscriptionId, subscriptions.id))
    .where(eq(invoices.id, event.invoiceId));
  if (!row) return 'unknown_invoice';
  const { invoice, subscription } = row;
  if (event.accountId !== undefined && event.accountId !== subscription.userId) return 'wrong_account';
  if (event.amount !== invoice.amount || (event.currency !== undefined && event.currency !== invoice.currency)) {
    return 'wrong_amount';
  }
  if (subscription.status === 'expired') return 'expired';
  // A checkout's or card check's invoice ends with its payment window.
  if ((invoice.kind === 'initial' || invoice.kind === 'card_check') && invoice.periodEnd.getTime() < now.getTime()) {
    return 'expired';
  }
  if (invoice.status !== 'open') return 'not_acceptable';
  if (subscription.status === 'canceled') return 'not_acceptable';
  if (await anotherPaymentOf(db, invoice.id, event)) return 'not_acceptable';
  return 'accept';
}

const IN_FLIGHT = ['pending', 'unknown', 'requires_action'] as const;

/**
 * Another payment of the invoice holds money (authorised or captured, not given back) or is under way at the
 * acquirer (in flight with a transaction there): a second one would take the money twice. The attempt being
 * checked itself (its transaction, or our payment id it echoes) is not "another"; an attempt of ours still without a
 * transaction id may be this very one, and counts only once the acquirer has named it.
 */
async function anotherPaymentOf(db: Database, invoiceId: string, event: AcquirerNotification): Promise<boolean> {
  const rows = await db
    .select()
    .from(payments)
    .where(and(eq(payments.invoiceId, invoiceId), inArray(payments.status, ['succeeded', ...IN_FLIGHT])));
  return rows.some((p) => {
    if (p.providerTransactionId === null || p.providerTransactionId === event.providerTransactionId) return false;
    if (p.status === 'succeeded') return p.refundedAmount < p.amount;
    return p.id !== event.paymentId;
  });
}
