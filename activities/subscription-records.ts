import { ApplicationFailure } from '@temporalio/activity';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/create-db.js';
import { invoices, payments, subscriptions } from '../db/schema/index.js';
import type { InvoiceKind } from '../db/schema/statuses.js';
import type { AuditNote, SubscriptionState } from '../workflows/subscription/types.js';
import { FAILURE_TYPES, isUniqueViolation } from './activity-errors.js';
import { appendSubscriptionEvents } from './outbox.js';
import { auditSubscriptionChange } from './subscription-audit.js';

export interface RecordDeps {
  db: Database;
  now: () => Date;
}

const date = (iso: string | null) => (iso ? new Date(iso) : null);

function subscriptionColumns(s: SubscriptionState) {
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

export interface SyncInput {
  state: SubscriptionState;
  transition: number;
  events: string[];
  invoice?: { id: string; status: 'paid' | 'void' | 'uncollectible' } | undefined;
  audit?: AuditNote | undefined;
}

export function createSubscriptionRecordActivities({ db, now }: RecordDeps) {
  return {
    /** The subscription row; a second live one for the user is refused by the database's partial unique index. */
    async createSubscriptionRecord({ state, returnUrl }: { state: SubscriptionState; returnUrl: string | null }) {
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
    },

    async createInvoice(input: InvoiceInput & { userId?: string; invoiceId?: string }) {
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
    },

    async settleInvoice({ id, status }: { id: string; status: 'paid' | 'void' | 'uncollectible' }) {
      await db.transaction((tx) => settle(tx, id, status, now()));
    },

    /** Persists the workflow's view of the subscription, settles an invoice, and appends the events, atomically. */
    async syncSubscription({ state, transition, events, invoice, audit }: SyncInput) {
      const at = now();
      await db.transaction(async (tx) => {
        const [current] = await tx
          .select()
          .from(subscriptions)
          .where(eq(subscriptions.id, state.subscriptionId))
          .for('update');
        const columns = subscriptionColumns(state);
        await tx
          .update(subscriptions)
          .set({ ...columns, updatedAt: at })
          .where(eq(subscriptions.id, state.subscriptionId));
        await auditSubscriptionChange(tx, {
          subscriptionId: state.subscriptionId,
          before: current ?? {},
          after: columns,
          events,
          audit,
        });
        if (invoice) await settle(tx, invoice.id, invoice.status, at);
        const invoiceRow = invoice
          ? (await tx.select().from(invoices).where(eq(invoices.id, invoice.id)))[0]
          : undefined;
        const paid = invoice
          ? (
              await tx
                .select()
                .from(payments)
                .where(and(eq(payments.invoiceId, invoice.id), eq(payments.status, 'succeeded')))
            )[0]
          : undefined;
        const subject = { subscriptionId: state.subscriptionId, userId: state.userId, planId: state.plan.id };
        const data = (type: string): Record<string, unknown> => {
          if (type.startsWith('entitlement.')) return { ...subject, role: state.plan.role };
          if (type.startsWith('payment.')) {
            return {
              ...subject,
              invoiceId: invoice?.id ?? state.dunning?.invoiceId,
              paymentId: paid?.id,
              amount: invoiceRow?.amount,
              currency: invoiceRow?.currency,
            };
          }
          return {
            ...subject,
            status: state.status,
            currentPeriodStart: state.currentPeriodStart,
            currentPeriodEnd: state.currentPeriodEnd,
            cancelReason: state.cancelReason,
          };
        };
        const outbox = events.map((type, i) => ({
          id: `evt_${state.subscriptionId}_${transition}_${i}`,
          type,
          data: data(type),
        }));
        await appendSubscriptionEvents(tx, state.subscriptionId, outbox, at);
      });
    },
  };
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Only an open invoice changes: a retried or late settle never rewrites a final one. */
async function settle(tx: Tx, id: string, status: 'paid' | 'void' | 'uncollectible', at: Date) {
  await tx
    .update(invoices)
    .set({ status, paidAt: status === 'paid' ? at : null, updatedAt: at })
    .where(and(eq(invoices.id, id), eq(invoices.status, 'open')));
}
