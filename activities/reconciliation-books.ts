// Our records that a window of acquirer transactions is compared with, read in a few set queries.
import { and, eq, gte, inArray, isNotNull, lte, or, type SQL } from 'drizzle-orm';
import type { AcquirerTransaction } from '../acquiring/provider.js';
import type { Database } from '../db/create-db.js';
import { invoices, payments, refunds, subscriptions } from '../db/schema/index.js';
import type { LocalBooks, LocalInvoice, LocalPayment } from './reconciliation-compare.js';

const paymentColumns = {
  id: payments.id,
  invoiceId: payments.invoiceId,
  status: payments.status,
  amount: payments.amount,
  currency: payments.currency,
  providerTransactionId: payments.providerTransactionId,
};

const ids = (values: Array<string | undefined>) => [...new Set(values.filter((v): v is string => Boolean(v)))];

async function paymentsWhere(db: Database, where: SQL | undefined): Promise<LocalPayment[]> {
  return db.select(paymentColumns).from(payments).where(where);
}

export async function loadBooks(db: Database, provider: string, items: AcquirerTransaction[]): Promise<LocalBooks> {
  const listedPayments = items.filter((t) => t.kind === 'payment');
  const listedRefunds = items.filter((t) => t.kind === 'refund');
  const txIds = ids(listedPayments.map((t) => t.providerTransactionId));
  const ourIds = ids(listedPayments.map((t) => t.paymentId));
  const invoiceIds = ids(listedPayments.map((t) => t.invoiceId));
  const refundTxIds = ids(listedRefunds.map((t) => t.providerTransactionId));
  const refundIds = ids(listedRefunds.map((t) => t.paymentId));

  const [byTx, byId, invoiceRows, refundRows] = await Promise.all([
    txIds.length
      ? paymentsWhere(db, and(eq(payments.provider, provider), inArray(payments.providerTransactionId, txIds)))
      : [],
    ourIds.length ? paymentsWhere(db, inArray(payments.id, ourIds)) : [],
    invoiceIds.length
      ? db
          .select({
            id: invoices.id,
            status: invoices.status,
            subscriptionId: invoices.subscriptionId,
            userId: subscriptions.userId,
            subscriptionStatus: subscriptions.status,
          })
          .from(invoices)
          .innerJoin(subscriptions, eq(invoices.subscriptionId, subscriptions.id))
          .where(inArray(invoices.id, invoiceIds))
      : ([] as LocalInvoice[]),
    refundTxIds.length || refundIds.length
      ? db
          .select({ id: refunds.id, providerTransactionId: refunds.providerTransactionId })
          .from(refunds)
          .where(
            // Either identifies the refund: our id echoed by the acquirer, or its transaction id on our row.
            or(
              refundIds.length ? inArray(refunds.id, refundIds) : undefined,
              refundTxIds.length ? inArray(refunds.providerTransactionId, refundTxIds) : undefined,
            ),
          )
      : [],
  ]);
  return {
    paymentsByTransaction: new Map(byTx.map((p) => [p.providerTransactionId ?? '', p])),
    paymentsById: new Map(byId.map((p) => [p.id, p])),
    invoices: new Map(invoiceRows.map((i) => [i.id, i])),
    refundIds: new Set(refundRows.map((r) => r.id)),
    refundTransactionIds: new Set(
      refundRows.flatMap((r) => (r.providerTransactionId ? [r.providerTransactionId] : [])),
    ),
  };
}

/** Our captured payments created in the window, which the acquirer's list is expected to show. */
export function succeededPaymentsIn(db: Database, provider: string, from: Date, to: Date): Promise<LocalPayment[]> {
  return paymentsWhere(
    db,
    and(
      eq(payments.provider, provider),
      eq(payments.status, 'succeeded'),
      isNotNull(payments.providerTransactionId),
      gte(payments.createdAt, from),
      lte(payments.createdAt, to),
    ),
  );
}
