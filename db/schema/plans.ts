import { sql } from 'drizzle-orm';
import { boolean, check, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { money, sqlList, timestamps } from './columns.js';
import { PERIOD_UNITS } from './statuses.js';

/** A price change is a new plan: rows are never repriced, so existing subscribers keep theirs. */
export const plans = pgTable(
  'plans',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    ...money,
    periodUnit: text('period_unit', { enum: PERIOD_UNITS }).notNull(),
    periodCount: integer('period_count').notNull(),
    role: text('role').notNull().default('subscriber'),
    active: boolean('active').notNull().default(true),
    /** Seconds after the first failed renewal at which to retry; null means the service default. */
    dunningScheduleSeconds: jsonb('dunning_schedule_seconds').$type<number[]>(),
    ...timestamps,
  },
  (t) => [
    check('plans_amount_positive', sql`${t.amount} > 0`),
    check('plans_period_count_positive', sql`${t.periodCount} > 0`),
    check('plans_period_unit_valid', sql.raw(`period_unit in (${sqlList(PERIOD_UNITS)})`)),
  ],
);
