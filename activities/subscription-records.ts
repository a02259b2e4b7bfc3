import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/create-db.js';
import { invoices, payments, subscriptions } from '../db/schema/index.js';
import type { AuditNote } from '../domain/subscription/messages.js';
import type { BusinessMetrics } from '../observability/business-metrics.js';
import { appendSubscriptionEvents } from './outbox.js';
import { auditSubscriptionChange } from './subscription-audit.js';
import { logTransition } from './subscription-log.js';
import {
  type InvoiceInput,
  insertInvoice,
  insertSubscription,
  type SubscriptionRowState,
  settle,
  subscriptionColumns,
  type Tx,
} from './subscription-rows.js';

export interface RecordDeps {
  db: Database;
  now: () => Date;
  metrics?: BusinessMetrics | undefined;
}

export interface SyncInput {
  state: SubscriptionRowState;
  transition: number;
  events: string[];
  invoice?: { id: string; status: 'paid' | 'void' | 'uncollectible' } | undefined;
  audit?: AuditNote | undefined;
}

export function createSubscriptionRecordActivities({ db, now, metrics }: RecordDeps) {
  return {
    async createSubscriptionRecord(input: { state: SubscriptionRowState; returnUrl: string | null }) {
      await insertSubscription(db, input);
    },

    /** A new subscription's row and its initial invoice, together. */
    async openCheckoutRecords(input: { state: SubscriptionRowState; returnUrl: string | null; invoice: InvoiceInput }) {
      await db.transaction(async (tx) => {
        await insertSubscription(tx, input);
        await insertInvoice(tx, input.invoice);
      });
    },

    async createInvoice(input: InvoiceInput & { userId?: string; invoiceId?: string }) {
      await insertInvoice(db, input);
    },

    async settleInvoice({ id, status }: { id: string; status: 'paid' | 'void' | 'uncollectible' }) {
      await db.transaction((tx) => settle(tx, id, status, now()));
    },

    /**
     * Persists the workflow's view of the subscription, settles an invoice, and appends the events, atomically. The
     * row only moves forward: a sync older than the one it shows (a late retry) leaves it alone.
     */
    async syncSubscription({ state, transition, events, invoice, audit }: SyncInput) {
      const at = now();
      // What this sync changed, counted and logged once it is committed (a retried sync that finds the row moved
      // does neither).
      let moved: { from: string | undefined; declineClass: 'hard' | 'soft' | null } | undefined;
      await db.transaction(async (tx) => {
        const [current] = await tx
          .select()
          .from(subscriptions)
          .where(eq(subscriptions.id, state.subscriptionId))
          .for('update');
        const columns = subscriptionColumns(state);
        if (!current || current.workflowTransition < transition) {
          await tx
            .update(subscriptions)
            .set({ ...columns, workflowTransition: transition, updatedAt: at })
            .where(eq(subscriptions.id, state.subscriptionId));
          await auditSubscriptionChange(tx, {
            subscriptionId: state.subscriptionId,
            before: current ?? {},
            after: columns,
            events,
            audit,
          });
          const failedInvoice = events.includes('payment.failed')
            ? (invoice?.id ?? state.dunning?.invoiceId)
            : undefined;
          moved = {
            from: current?.status,
            declineClass: failedInvoice ? await declineClassOf(tx, failedInvoice) : null,
          };
        }
        if (invoice) await settle(tx, invoice.id, invoice.status, at);
        // The settled invoice's amount and the payment that paid it, in one read.
        const [settled] = invoice
          ? await tx
              .select({ amount: invoices.amount, currency: invoices.currency, paymentId: payments.id })
              .from(invoices)
              .leftJoin(payments, and(eq(payments.invoiceId, invoices.id), eq(payments.status, 'succeeded')))
              .where(eq(invoices.id, invoice.id))
          : [];
        const subject = { subscriptionId: state.subscriptionId, userId: state.userId, planId: state.plan.id };
        const data = (type: string): Record<string, unknown> => {
          if (type.startsWith('entitlement.')) return { ...subject, role: state.plan.role };
          if (type.startsWith('payment.')) {
            return {
              ...subject,
              invoiceId: invoice?.id ?? state.dunning?.invoiceId,
              paymentId: settled?.paymentId ?? undefined,
              amount: settled?.amount,
              currency: settled?.currency,
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
      if (!moved) return;
      logTransition(state, moved.from, events, invoice);
      if (!metrics) return;
      metrics.subscriptionMoved(moved.from, state.status);
      if (events.includes('payment.succeeded')) metrics.chargeSettled('succeeded');
      if (events.includes('payment.failed')) metrics.chargeSettled('declined', moved.declineClass);
    },
  };
}

/** The decline class of an invoice's latest refused attempt (a voided hold counts as a soft decline). */
async function declineClassOf(tx: Tx, invoiceId: string): Promise<'hard' | 'soft' | null> {
  const [latest] = await tx
    .select({ status: payments.status, declineClass: payments.declineClass })
    .from(payments)
    .where(and(eq(payments.invoiceId, invoiceId), inArray(payments.status, ['declined', 'canceled'])))
    .orderBy(desc(payments.attempt))
    .limit(1);
  if (!latest) return null;
  return latest.status === 'canceled' ? 'soft' : latest.declineClass;
}
