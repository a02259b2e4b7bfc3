import { ApplicationFailure } from '@temporalio/activity';
import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { PaymentResult } from '../acquiring/provider.js';
import type { Database } from '../db/create-db.js';
import { invoices, paymentMethods, payments } from '../db/schema/index.js';
import type { PaymentStatus } from '../db/schema/statuses.js';
import { type ChargeAnswer, idempotencyKeyFor, paymentIdFor } from '../domain/subscription/charge-answer.js';
import { logCharge } from './charge-log.js';

export interface AttemptInput {
  subscriptionId: string;
  userId: string;
  invoiceId: string;
  attempt: number;
  amount: number;
  currency: string;
}

type PaymentRow = typeof payments.$inferSelect;

/** The payment row of one attempt, created once; a retried activity finds the row its first try wrote. */
export async function openAttempt(
  db: Database,
  provider: string,
  input: AttemptInput,
): Promise<{ row: PaymentRow; isNew: boolean }> {
  const id = paymentIdFor(input.invoiceId, input.attempt);
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(payments)
      .values({
        id,
        invoiceId: input.invoiceId,
        subscriptionId: input.subscriptionId,
        userId: input.userId,
        attempt: input.attempt,
        idempotencyKey: idempotencyKeyFor(input.invoiceId, input.attempt),
        provider,
        amount: input.amount,
        currency: input.currency,
      })
      .onConflictDoNothing({ target: payments.id })
      .returning();
    if (inserted[0]) {
      await tx
        .update(invoices)
        .set({ attempts: sql`${invoices.attempts} + 1` })
        .where(eq(invoices.id, input.invoiceId));
      return { row: inserted[0], isNew: true };
    }
    const [row] = await tx.select().from(payments).where(eq(payments.id, id));
    if (!row) throw new Error(`payment ${id} vanished`);
    // Never mistake another payment (e.g. one the payer made on the hosted page) for this attempt's own.
    if (row.idempotencyKey !== idempotencyKeyFor(input.invoiceId, input.attempt)) {
      throw ApplicationFailure.nonRetryable(`payment ${id} belongs to another operation`, 'payment_attempt_conflict');
    }
    return { row, isNew: false };
  });
}

const STATUS: Record<PaymentResult['outcome'], PaymentStatus> = {
  succeeded: 'succeeded',
  declined: 'declined',
  requires_action: 'requires_action',
  voided: 'canceled',
  unknown: 'unknown',
  not_sent: 'pending',
};

const FINAL: PaymentStatus[] = ['succeeded', 'declined', 'canceled'];

/**
 * Records what the acquirer answered; a succeeded payment with a token saves it as the subscription's card. A lost
 * answer never overwrites an outcome a notification or lookup recorded meanwhile.
 */
export async function applyResult(db: Database, row: PaymentRow, result: PaymentResult, at: Date): Promise<PaymentRow> {
  const { updated, applied } = await recordResult(db, row, result, at);
  if (applied) logCharge(updated, result);
  return updated;
}

async function recordResult(db: Database, row: PaymentRow, result: PaymentResult, at: Date) {
  const mine = eq(payments.id, row.id);
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(payments)
      .set({
        status: STATUS[result.outcome],
        providerTransactionId: result.providerTransactionId ?? row.providerTransactionId,
        declineCode: result.decline?.code ?? null,
        declineReason: result.decline?.reason ?? null,
        declineClass: result.decline?.class ?? null,
        cardLastFour: result.cardLastFour ?? row.cardLastFour,
        updatedAt: at,
      })
      .where(isSettling(result) ? mine : and(mine, notInArray(payments.status, FINAL)))
      .returning();
    if (!updated) return { updated: (await tx.select().from(payments).where(mine))[0] ?? row, applied: false };
    if (result.outcome === 'succeeded' && result.token) {
      await tx
        .insert(paymentMethods)
        .values({
          id: `pm_${row.id}`,
          subscriptionId: row.subscriptionId,
          provider: row.provider,
          token: result.token,
          cardLastFour: result.cardLastFour ?? null,
        })
        .onConflictDoNothing({ target: paymentMethods.id });
    }
    return { updated, applied: true };
  });
}

/**
 * A voided attempt took no money, so the invoice is unpaid; to the workflow it is a soft decline (never a card
 * problem): the schedule tries again with a fresh attempt instead of looking the same one up for ever.
 */
const VOIDED = { declineCode: 'voided', declineReason: 'Voided', declineClass: 'soft' } as const;

export function answerFromRow(row: PaymentRow, challenge?: ChargeAnswer['challenge']): ChargeAnswer {
  if (row.status === 'canceled') {
    return {
      outcome: 'declined',
      paymentId: row.id,
      providerTransactionId: row.providerTransactionId ?? undefined,
      acquirer: row.provider,
      ...VOIDED,
    };
  }
  const outcome =
    row.status === 'succeeded' || row.status === 'declined' || row.status === 'requires_action'
      ? row.status
      : 'unknown';
  return {
    outcome,
    paymentId: row.id,
    providerTransactionId: row.providerTransactionId ?? undefined,
    acquirer: row.provider,
    challenge,
    declineCode: row.declineCode ?? undefined,
    declineReason: row.declineReason ?? undefined,
    declineClass: row.declineClass ?? undefined,
  };
}

export const isFinal = (row: PaymentRow) => FINAL.includes(row.status);

/** An acquirer answer that settles an attempt for good: paid, refused, or a hold voided. */
export const isSettling = (r: PaymentResult): r is PaymentResult & { outcome: 'succeeded' | 'declined' | 'voided' } =>
  r.outcome === 'succeeded' || r.outcome === 'declined' || r.outcome === 'voided';

/** The fields every acquirer call for one attempt carries: our ids, its idempotency key, the amount. */
export function attemptCall(row: PaymentRow, input: AttemptInput) {
  return {
    paymentId: row.id,
    idempotencyKey: row.idempotencyKey,
    invoiceId: input.invoiceId,
    accountId: input.userId,
    amount: input.amount,
    currency: input.currency,
    description: `Movix subscription ${input.subscriptionId}`,
  };
}
