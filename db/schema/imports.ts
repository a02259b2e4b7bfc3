import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { sqlList, timestamps, utc } from './columns.js';
import { IMPORT_JOB_STATUSES, IMPORT_ROW_OUTCOMES } from './statuses.js';

/** One bulk import of existing subscribers (`POST /v1/admin/subscriptions/import`) and its progress. */
export const subscriptionImportJobs = pgTable(
  'subscription_import_jobs',
  {
    id: text('id').primaryKey(),
    status: text('status', { enum: IMPORT_JOB_STATUSES }).notNull().default('running'),
    requestedBy: text('requested_by').notNull(),
    total: integer('total').notNull(),
    imported: integer('imported').notNull().default(0),
    alreadyImported: integer('already_imported').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    completedAt: utc('completed_at'),
    ...timestamps,
  },
  () => [check('subscription_import_jobs_status_valid', sql.raw(`status in (${sqlList(IMPORT_JOB_STATUSES)})`))],
);

export interface ImportedCard {
  last4?: string | undefined;
  brand?: string | undefined;
  expMonth?: number | undefined;
  expYear?: number | undefined;
}

/**
 * The rows of a job as sent, until the import workflow gets to them; the workflow's history carries only offsets. The
 * card token waits sealed (INBOX_ENCRYPTION_KEY) and is cleared once the row has its outcome.
 */
export const subscriptionImportRows = pgTable(
  'subscription_import_rows',
  {
    jobId: text('job_id')
      .notNull()
      .references(() => subscriptionImportJobs.id),
    rowIndex: integer('row_index').notNull(),
    externalId: text('external_id').notNull(),
    userId: text('user_id').notNull(),
    planId: text('plan_id').notNull(),
    currentPeriodEnd: utc('current_period_end').notNull(),
    acquirer: text('acquirer').notNull(),
    sealedCardToken: text('sealed_card_token'),
    card: jsonb('card').$type<ImportedCard>(),
    email: text('email'),
    phone: text('phone'),
    outcome: text('outcome', { enum: IMPORT_ROW_OUTCOMES }),
    subscriptionId: text('subscription_id'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.rowIndex] }),
    // An old billing's id becomes one subscription, whichever job brought it and however often it is sent.
    uniqueIndex('subscription_import_rows_one_per_external_id').on(t.externalId).where(sql`outcome = 'imported'`),
    index('subscription_import_rows_external_id_idx').on(t.externalId),
    check(
      'subscription_import_rows_outcome_valid',
      sql.raw(`outcome is null or outcome in (${sqlList(IMPORT_ROW_OUTCOMES)})`),
    ),
  ],
);
