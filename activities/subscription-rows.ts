// The subscription's own rows: the subscription as the workflow sees it, and its invoices.
import { ApplicationFailure } from '@temporalio/activity';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/create-db.js';
import { invoices, subscriptions } from '../db/schema/index.js';
import type { InvoiceKind } from '../db/schema/statuses.js';
import type { SubscriptionView } from '../domain/subscription/state.js';
import type { InvoiceToOpen } from '../domain/subscription/steps.js';
import { FAILURE_TYPES, isUniqueViolation } from './activity-errors.js';

const date = (iso: string | null) => (iso ? new Date(iso) : null);

/** What the row needs from the workflow's state (any release's). */
export type SubscriptionRowState = SubscriptionView & { dunning?: { invoiceId: string } | null };

export function subscriptionColumns(s: SubscriptionRowState) {
  return {
    status: s.status,
    planId: s.plan.id,
    currentPeriodStart: date(s.currentPeriodStart),
    currentPeriodEnd: date(s.currentPeriodEnd),
    cancelAtPeriodEnd: s.cancelAtPeriodEnd,
    pendingPlanId: s.pendingPlan?.id ?? null,
    pastDueSince: date(s.pastDueSince),
    nextChargeAt: date(s.nextChargeAt),
    canceledAt: date(s.canceledAt),
    cancelReason: s.cancelReason,
  };
}

export interface InvoiceInput {
  id: string;
  subscriptionId: string;
  kind: InvoiceKind;
  amount: number;
  currency: string;
  periodStart: string;
  periodEnd: string;
}

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** The subscription row; a second live one for the user is refused by the database's partial unique index. */
export async function insertSubscription(
  db: Database | Tx,
  { state, returnUrl }: { state: SubscriptionRowState; returnUrl: string | null },
) {
  try {
    await db
      .insert(subscriptions)
      .values({ id: state.subscriptionId, userId: state.userId, returnUrl, ...subscriptionColumns(state) })
      .onConflictDoNothing({ target: subscriptions.id });
  } catch (error) {
    if (isUniqueViolation(error, 'subscriptions_one_live_per_user')) {
      throw ApplicationFailure.nonRetryable(
        'The user already has a live subscription',
        FAILURE_TYPES.subscriptionExists,
      );
    }
    throw error;
  }
}

/** The invoice a step asks to open, for the amount it is about to be paid. */
export const invoiceOf = (
  input: { subscriptionId: string; invoiceId: string; amount: number; currency: string },
  invoice: InvoiceToOpen,
): InvoiceInput => ({
  id: input.invoiceId,
  subscriptionId: input.subscriptionId,
  amount: input.amount,
  currency: input.currency,
  ...invoice,
});

/** Invoice ids are business keys, so creating one again is a no-op. */
export async function insertInvoice(db: Database | Tx, input: InvoiceInput) {
  const { id, subscriptionId, kind, amount, currency } = input;
  await db
    .insert(invoices)
    .values({
      id,
      subscriptionId,
      kind,
      amount,
      currency,
      periodStart: new Date(input.periodStart),
      periodEnd: new Date(input.periodEnd),
    })
    .onConflictDoNothing({ target: invoices.id });
}

/** Only an open invoice changes: a retried or late settle never rewrites a final one. */
export async function settle(tx: Tx, id: string, status: 'paid' | 'void' | 'uncollectible', at: Date) {
  await tx
    .update(invoices)
    .set({ status, paidAt: status === 'paid' ? at : null, updatedAt: at })
    .where(and(eq(invoices.id, id), eq(invoices.status, 'open')));
}
