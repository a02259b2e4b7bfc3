// The floor's one side effect: one small row in a table of its own, created in the bench's throwaway database.
import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/create-db.js';

export const bareRenewals = pgTable('bench_bare_renewals', {
  id: text('id').notNull(),
  dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
  renewedAt: timestamp('renewed_at', { withTimezone: true }).notNull(),
});

export async function createBareRenewalsTable(db: Database) {
  await db.execute(
    sql`create table if not exists bench_bare_renewals (id text not null, due_at timestamptz not null, renewed_at timestamptz not null, primary key (id, due_at))`,
  );
}

export function createBareRenewalActivities(db: Database, now: () => Date) {
  return {
    async recordBareRenewal(input: { id: string; dueAt: string }) {
      await db
        .insert(bareRenewals)
        .values({ id: input.id, dueAt: new Date(input.dueAt), renewedAt: now() })
        .onConflictDoNothing();
    },
  };
}

export type BareRenewalActivities = ReturnType<typeof createBareRenewalActivities>;
