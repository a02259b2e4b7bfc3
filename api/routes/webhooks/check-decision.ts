import { and, eq, inArray, isNotNull, lt, ne, or, sql } from 'drizzle-orm';
import type { AcquirerNotification, CheckDecision } from '../../../acquiring/provider.js';
import type { Database } from '../../../db/create-db.js';
import { invoices, payments, subscriptions } from '../../../db/schema/index.js';

/**
 * The acquirer's `check`, before it authorises: is this a payment we expect? Unknown invoice → 10, another account
 * → 11, another amount → 12, not payable now (paid, ended, or another payment of it held or under way) → 13,
 * expired → 20. One query by the invoice's key: the acquirer waits on the answer.
 */
export async function decideCheck(db: Database, event: AcquirerNotification, now: Date): Promise<CheckDecision> {
  if (!event.invoiceId) return 'unknown_invoice';
  const [row] = await db
    .select({
      amount: invoices.amount,
      currency: invoices.currency,
      kind: invoices.kind,
      status: invoices.status,
      periodEnd: invoices.periodEnd,
      userId: subscriptions.userId,
      subscriptionStatus: subscriptions.status,
      anotherPayment: sql<boolean>`exists (${anotherPaymentOf(db, event)})`,
    })
    .from(invoices)
    .innerJoin(subscriptions, eq(invoices.subscriptionId, subscriptions.id))
    .where(eq(invoices.id, event.invoiceId));
  if (!row) return 'unknown_invoice';
  if (event.accountId !== undefined && event.accountId !== row.userId) return 'wrong_account';
  if (event.amount !== row.amount || (event.currency !== undefined && event.currency !== row.currency)) {
    return 'wrong_amount';
  }
  if (row.subscriptionStatus === 'expired') return 'expired';
  // A checkout's or card check's invoice ends with its payment window.
  if ((row.kind === 'initial' || row.kind === 'card_check') && row.periodEnd.getTime() < now.getTime()) {
    return 'expired';
  }
  if (row.status !== 'open') return 'not_acceptable';
  if (row.subscriptionStatus === 'canceled') return 'not_acceptable';
  if (row.anotherPayment) return 'not_acceptable';
  return 'accept';
}

const IN_FLIGHT = ['pending', 'unknown', 'requires_action'] as const;

/**
 * Another payment of the invoice holds money (authorised or captured, not given back) or is under way at the
 * acquirer (in flight with a transaction there): a second one would take the money twice. The attempt being
 * checked itself (its transaction, or our payment id it echoes) is not "another"; an attempt of ours still without a
 * transaction id may be this very one, and counts only once the acquirer has named it.
 */
function anotherPaymentOf(db: Database, event: AcquirerNotification) {
  const inFlight = inArray(payments.status, [...IN_FLIGHT]);
  return db
    .select({ one: sql`1` })
    .from(payments)
    .where(
      and(
        eq(payments.invoiceId, invoices.id),
        isNotNull(payments.providerTransactionId),
        ne(payments.providerTransactionId, event.providerTransactionId),
        or(
          and(eq(payments.status, 'succeeded'), lt(payments.refundedAmount, payments.amount)),
          event.paymentId === undefined ? inFlight : and(inFlight, ne(payments.id, event.paymentId)),
        ),
      ),
    );
}
