import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { sqlList, utc } from './columns.js';
import { DISCREPANCY_KINDS } from './statuses.js';

/**
 * A disagreement between our books and the acquirer's, found by a reconciliation run. `subject` is what the
 * disagreement is about (the acquirer's transaction id, else our payment or refund id): (kind, provider, subject) is
 * unique, so a disagreement seen by every run is stored once, by the run that found it first.
 */
export const reconciliationDiscrepancies = pgTable(
  'reconciliation_discrepancies',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: DISCREPANCY_KINDS }).notNull(),
    provider: text('provider').notNull(),
    subject: text('subject').notNull(),
    providerTransactionId: text('provider_transaction_id'),
    paymentId: text('payment_id'),
    refundId: text('refund_id'),
    invoiceId: text('invoice_id'),
    /** Our record as it was when the run looked (null when we have none). */
    ours: jsonb('ours').$type<Record<string, unknown>>(),
    /** The acquirer's record as it was when the run looked (null when it has none). */
    acquirer: jsonb('acquirer').$type<Record<string, unknown>>(),
    detectedAt: utc('detected_at').notNull().defaultNow(),
    runId: text('run_id').notNull(),
    resolved: boolean('resolved').notNull().default(false),
    resolvedAt: utc('resolved_at'),
  },
  (t) => [
    uniqueIndex('reconciliation_discrepancies_subject_uq').on(t.kind, t.provider, t.subject),
    index('reconciliation_discrepancies_open_idx').on(t.resolved, t.kind),
    // List pages walk it (api/pagination.ts), newest first.
    index('reconciliation_discrepancies_detected_idx').on(t.detectedAt, t.id),
    check('reconciliation_discrepancies_kind_valid', sql.raw(`kind in (${sqlList(DISCREPANCY_KINDS)})`)),
  ],
);
