// Payments we learn of from the acquirer (a notification, a lookup, a reconciliation run) rather than from the answer
// to our own call. One attempt, one row: a transaction that echoes our payment id settles that attempt's row.
import { and, eq, inArray, max } from 'drizzle-orm';
import type { PaymentProvider } from '../acquiring/provider.js';
import type { Database } from '../db/create-db.js';
import { invoices, paymentMethods, payments } from '../db/schema/index.js';
import { paymentIdFor } from '../domain/subscription/charge-answer.js';
import { logAcquirerPayment } from './charge-log.js';
import type { Tx } from './subscription-rows.js';

export interface AcquirerPayment {
  subscriptionId: string;
  userId: string;
  invoiceId: string;
  outcome: 'succeeded' | 'declined';
  providerTransactionId: string;
  /** Our payment id, when the acquirer echoes it back: the attempt this transaction belongs to. */
  paymentId?: string | undefined;
  token?: string | undefined;
  cardLastFour?: string | undefined;
  decline?: { code?: string | undefined; reason?: string | undefined; class?: 'hard' | 'soft' | undefined } | undefined;
}

type PaymentRow = typeof payments.$inferSelect;

/** Statuses of an attempt whose outcome we do not have yet: what the acquirer says settles them. */
const UNSETTLED = ['pending', 'unknown', 'requires_action'] as const;

const isUnsettled = (row: PaymentRow) => (UNSETTLED as readonly string[]).includes(row.status);

/** The row this transaction settles: the one holding it, else the echoed attempt of this invoice not yet settled. */
async function attemptOf(tx: Tx, provider: string, p: AcquirerPayment): Promise<PaymentRow | 'known' | undefined> {
  const [byTransaction] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.provider, provider), eq(payments.providerTransactionId, p.providerTransactionId)));
  if (byTransaction) return isUnsettled(byTransaction) ? byTransaction : 'known';
  if (!p.paymentId) return undefined;
  const [echoed] = await tx
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.id, p.paymentId),
        eq(payments.invoiceId, p.invoiceId),
        eq(payments.provider, provider),
        inArray(payments.status, [...UNSETTLED]),
      ),
    );
  // An attempt already settled with another transaction keeps it: this one gets a row of its own.
  return echoed && echoed.providerTransactionId === null ? echoed : undefined;
}

async function saveCard(tx: Tx, provider: string, row: Pick<PaymentRow, 'id' | 'subscriptionId'>, p: AcquirerPayment) {
  if (p.outcome !== 'succeeded' || !p.token) return;
  await tx
    .insert(paymentMethods)
    .values({
      id: `pm_${row.id}`,
      subscriptionId: row.subscriptionId,
      provider,
      token: p.token,
      cardLastFour: p.cardLastFour ?? null,
    })
    .onConflictDoNothing({ target: paymentMethods.id });
}

const outcomeColumns = (p: AcquirerPayment) => ({
  status: p.outcome,
  providerTransactionId: p.providerTransactionId,
  declineCode: p.decline?.code ?? null,
  declineReason: p.decline?.reason ?? null,
  declineClass: p.decline?.class ?? null,
});

/**
 * Records a payment the acquirer told us of: it settles the attempt it belongs to (by transaction id or our echoed
 * payment id); a transaction of no attempt of ours (the payer on the hosted page) gets a row of its own, with the
 * next attempt number of its invoice. Its card is saved when it succeeded.
 */
export async function recordAcquirerPayment(
  { db, provider, now }: { db: Database; provider: Pick<PaymentProvider, 'name'>; now: () => Date },
  p: AcquirerPayment,
) {
  const recorded = await db.transaction(async (tx) => {
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, p.invoiceId)).for('update');
    if (!invoice) throw new Error(`invoice ${p.invoiceId} not found`);
    const attempt = await attemptOf(tx, provider.name, p);
    if (attempt === 'known') return undefined;
    if (attempt) {
      await tx
        .update(payments)
        .set({ ...outcomeColumns(p), cardLastFour: p.cardLastFour ?? attempt.cardLastFour, updatedAt: now() })
        .where(eq(payments.id, attempt.id));
      await saveCard(tx, provider.name, attempt, p);
      return { paymentId: attempt.id, attempt: attempt.attempt, amount: attempt.amount, currency: attempt.currency };
    }
    const [last] = await tx
      .select({ n: max(payments.attempt) })
      .from(payments)
      .where(eq(payments.invoiceId, p.invoiceId));
    const n = (last?.n ?? 0) + 1;
    const id = paymentIdFor(p.invoiceId, n);
    await tx.insert(payments).values({
      id,
      invoiceId: p.invoiceId,
      subscriptionId: p.subscriptionId,
      userId: p.userId,
      attempt: n,
      idempotencyKey: `${p.invoiceId}:acquirer:${p.providerTransactionId}`,
      provider: provider.name,
      amount: invoice.amount,
      currency: invoice.currency,
      ...outcomeColumns(p),
      cardLastFour: p.cardLastFour ?? null,
      createdAt: now(),
    });
    await tx.update(invoices).set({ attempts: n }).where(eq(invoices.id, p.invoiceId));
    await saveCard(tx, provider.name, { id, subscriptionId: p.subscriptionId }, p);
    return { paymentId: id, attempt: n, amount: invoice.amount, currency: invoice.currency };
  });
  if (recorded) logAcquirerPayment({ ...recorded, acquirer: provider.name }, p);
}
