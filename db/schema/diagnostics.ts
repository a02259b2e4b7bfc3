import { sql } from 'drizzle-orm';
import { check, pgTable, text } from 'drizzle-orm/pg-core';
import { sqlList, utc } from './columns.js';
import { PROBE_STATUSES } from './statuses.js';

/**
 * Round-trip probes: an operator (or a deploy check) asks the API to start a workflow whose activity writes here,
 * proving API → Temporal → worker → database work together.
 */
export const probes = pgTable(
  'probes',
  {
    id: text('id').primaryKey(),
    requestedBy: text('requested_by').notNull(),
    status: text('status', { enum: PROBE_STATUSES }).notNull(),
    workflowId: text('workflow_id').notNull(),
    workerIdentity: text('worker_identity'),
    createdAt: utc('created_at').notNull().defaultNow(),
    completedAt: utc('completed_at'),
  },
  () => [check('probes_status_valid', sql.raw(`status in (${sqlList(PROBE_STATUSES)})`))],
);
