import { and, eq, max } from 'drizzle-orm';
import type { AcquirerNotification } from '../../../acquiring/provider.js';
import type { Database } from '../../../db/create-db.js';
import { invoices, payments, subscriptions } from '../../../db/schema/index.js';
import { idempotencyKeyFor, paymentIdFor } from '../../../domain/subscription/charge-answer.js';

type Invoice = typeof invoices.$inferSelect;
type Payment = typeof payments.$inferSelect;
export type PayMismatch = 'unknown_invoice' | 'wrong_invoice' | 'wrong_account' | 'wrong_amount' | 'wrong_currency';
export type PayDoubt = 'recorded_declined' | 'not_the_open_attempt';

/**
 * What a signed `pay` may change. `mismatch`: it is not our invoice's payment (stored as a discrepancy, nothing else).
 * `heard`: the workflow knows of it already. `look_up`: it contradicts our books (a transaction we recorded as
 * declined, an attempt other than the open one), so the acquirer is asked first. `believe`: signal the workflow.
 */
export type PayJudgement =
  | { kind: 'mismatch'; reason: PayMismatch; invoice?: Invoice | undefined }
  | { kind: 'heard' }
  | { kind: 'look_up'; reason: PayDoubt; invoice: Invoice; userId: string }
  | { kind: 'believe'; invoice: Invoice };

const IN_FLIGHT: readonly string[] = ['pending', 'unknown', 'requires_action'];

/** The attempt a `pay` reports: by the payment id the acquirer echoes back, else by its transaction id. */
async function findAttempt(db: Database, provider: string, event: AcquirerNotification) {
  const [byTransaction] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.provider, provider), eq(payments.providerTransactionId, event.providerTransactionId)));
  if (!event.paymentId) return { attempt: byTransaction, byTransaction };
  const [byId] = await db.select().from(payments).where(eq(payments.id, event.paymentId));
  // The two reads are not one snapshot: our own charge may record this very transaction on its row in between.
  const sameTransaction = byId !== undefined && byId.providerTransactionId === event.providerTransactionId;
  return { attempt: byId, byTransaction: sameTransaction ? byId : byTransaction };
}

export async function judgePay(db: Database, provider: string, event: AcquirerNotification): Promise<PayJudgement> {
  if (!event.invoiceId) return { kind: 'mismatch', reason: 'unknown_invoice' };
  const [row] = await db
    .select({ invoice: invoices, userId: subscriptions.userId })
    .from(invoices)
    .innerJoin(subscriptions, eq(invoices.subscriptionId, subscriptions.id))
    .where(eq(invoices.id, event.invoiceId));
  if (!row) return { kind: 'mismatch', reason: 'unknown_invoice' };
  const { invoice, userId } = row;
  const { attempt, byTransaction } = await findAttempt(db, provider, event);
  const mismatch = mismatchOf(event, invoice, userId, [attempt, byTransaction]);
  if (mismatch) return { kind: 'mismatch', reason: mismatch, invoice };
  const doubt = (reason: PayDoubt): PayJudgement => ({ kind: 'look_up', reason, invoice, userId });
  if (byTransaction?.status === 'succeeded') return { kind: 'heard' };
  if (byTransaction?.status === 'declined') return doubt('recorded_declined');
  if (!attempt) {
    // A hosted page's payment: the link carries attempt 0, and the rows of its payments are made when they are heard.
    const ofLink = event.paymentId === undefined || event.paymentId === paymentIdFor(invoice.id, 0);
    return ofLink ? { kind: 'believe', invoice } : doubt('not_the_open_attempt');
  }
  if (attempt.status === 'declined') return doubt('recorded_declined');
  if (!IN_FLIGHT.includes(attempt.status) || !(await isLatestAttempt(db, attempt)))
    return doubt('not_the_open_attempt');
  // A renewal's or upgrade's own charge: its activity keeps asking the acquirer until it has the answer.
  const charged = invoice.kind === 'renewal' || invoice.kind === 'proration';
  if (charged && attempt.idempotencyKey === idempotencyKeyFor(invoice.id, attempt.attempt)) return { kind: 'heard' };
  return { kind: 'believe', invoice };
}

function mismatchOf(
  event: AcquirerNotification,
  invoice: Invoice,
  userId: string,
  rows: readonly (Payment | undefined)[],
): PayMismatch | undefined {
  const echoed = event.paymentId;
  if (echoed && echoed !== paymentIdFor(invoice.id, 0) && !echoed.startsWith(`pay_${invoice.id}_`)) {
    return 'wrong_invoice';
  }
  if (rows.some((r) => r !== undefined && r.invoiceId !== invoice.id)) return 'wrong_invoice';
  if (event.accountId !== userId) return 'wrong_account';
  if (event.amount !== invoice.amount) return 'wrong_amount';
  if (event.currency !== invoice.currency) return 'wrong_currency';
  return undefined;
}

async function isLatestAttempt(db: Database, attempt: Payment) {
  const [last] = await db
    .select({ n: max(payments.attempt) })
    .from(payments)
    .where(eq(payments.invoiceId, attempt.invoiceId));
  return (last?.n ?? 0) === attempt.attempt;
}
