import { eq } from 'drizzle-orm';
import type { CheckDecision, WebhookEvent } from '../../../acquiring/provider.js';
import type { Database } from '../../../db/create-db.js';
import { invoices, subscriptions } from '../../../db/schema/index.js';

/**
 * The acquirer's `check`, before it authorises: is this a payment we expect? Unknown invoice → 10, another account
 * → 11, another amount → 12, not payable now → 13, expired → 20.
 */
export async function decideCheck(db: Database, event: WebhookEvent, now: Date): Promise<CheckDecision> {
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
  return 'accept';
}
