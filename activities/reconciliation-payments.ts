// Payments left `pending`/`unknown` (a lost answer): ask the acquirer what happened and settle the row.
import { and, eq, inArray, lt } from 'drizzle-orm';
import type { LookupResult, PaymentResult } from '../acquiring/provider.js';
import type { Acquirers } from '../acquiring/registry.js';
import type { Database } from '../db/create-db.js';
import { invoices, payments } from '../db/schema/index.js';
import type { PaymentOutcomeFact } from '../domain/subscription/messages.js';
import { acquirerNamed } from './acquirer-choice.js';
import { acquirerUnavailable } from './activity-errors.js';
import { applyResult, isSettling } from './payment-records.js';

export interface StalePaymentDeps {
  db: Database;
  acquirers: Acquirers;
  now: () => Date;
}

export type StaleSettlement =
  | { outcome: 'succeeded' | 'declined'; subscriptionId: string; fact: PaymentOutcomeFact }
  /**
   * Settled without money moving: a hold the acquirer voided, or not at the acquirer with its invoice closed
   * (nothing can still send it).
   */
  | { outcome: 'not_processed' }
  /** Still undecided (or already settled by someone else): left for the next run. */
  | { outcome: 'unresolved' | 'already_settled' };

type PaymentRow = typeof payments.$inferSelect;

const NOT_PROCESSED: PaymentResult = {
  outcome: 'declined',
  decline: { code: 'not_found_at_acquirer', reason: 'NotProcessed', class: 'soft' },
  raw: null,
};

/** Whether the acquirer's latest transaction of the invoice is this row's (our id echoed, else not another row's). */
async function isThisRows(db: Database, row: PaymentRow, found: PaymentResult): Promise<boolean> {
  if (found.paymentId !== undefined) return found.paymentId === row.id;
  const [other] = await db
    .select({ id: payments.id })
    .from(payments)
    .where(
      and(eq(payments.provider, row.provider), eq(payments.providerTransactionId, found.providerTransactionId ?? '')),
    );
  return !other || other.id === row.id;
}

async function lookUp(deps: StalePaymentDeps, row: PaymentRow): Promise<LookupResult> {
  const provider = acquirerNamed(deps.acquirers, row.provider);
  const lookup = row.providerTransactionId
    ? await provider.getPayment(row.providerTransactionId)
    : await provider.findByInvoice(row.invoiceId);
  if (lookup.status === 'unavailable') {
    throw acquirerUnavailable(row.providerTransactionId ? 'getPayment' : 'findByInvoice', lookup.failure);
  }
  if (lookup.status === 'found' && !(await isThisRows(deps.db, row, lookup.payment)))
    return { status: 'not_found', raw: null };
  return lookup;
}

export function createStalePaymentActivities(deps: StalePaymentDeps) {
  const { db } = deps;
  return {
    /** Ids of payments still `pending`/`unknown` that were created before `before`, oldest first. */
    async listStalePayments({ before, limit }: { before: string; limit: number }): Promise<string[]> {
      const rows = await db
        .select({ id: payments.id })
        .from(payments)
        .where(and(inArray(payments.status, ['pending', 'unknown']), lt(payments.createdAt, new Date(before))))
        .orderBy(payments.createdAt)
        .limit(limit);
      return rows.map((r) => r.id);
    },

    /** Looks one stale payment up at the acquirer and writes what it says; the answer carries no acquirer payload. */
    async settleStalePayment({ paymentId }: { paymentId: string }): Promise<StaleSettlement> {
      const [row] = await db.select().from(payments).where(eq(payments.id, paymentId));
      if (!row || (row.status !== 'pending' && row.status !== 'unknown')) return { outcome: 'already_settled' };
      const lookup = await lookUp(deps, row);
      if (lookup.status === 'not_found') {
        const [invoice] = await db
          .select({ status: invoices.status })
          .from(invoices)
          .where(eq(invoices.id, row.invoiceId));
        if (invoice?.status === 'open') return { outcome: 'unresolved' };
        await applyResult(db, row, NOT_PROCESSED, deps.now());
        return { outcome: 'not_processed' };
      }
      if (lookup.status !== 'found') return { outcome: 'unresolved' };
      const found = lookup.payment;
      if (!isSettling(found) || !found.providerTransactionId) return { outcome: 'unresolved' };
      if (found.outcome === 'voided') {
        // The hold was released: the row is settled, and its workflow has no payment to hear of.
        await applyResult(db, row, found, deps.now());
        return { outcome: 'not_processed' };
      }
      await applyResult(db, row, found, deps.now());
      return {
        outcome: found.outcome,
        subscriptionId: row.subscriptionId,
        fact: {
          invoiceId: row.invoiceId,
          outcome: found.outcome,
          providerTransactionId: found.providerTransactionId,
          declineCode: found.decline?.code,
          declineReason: found.decline?.reason,
          declineClass: found.decline?.class,
        },
      };
    },
  };
}
