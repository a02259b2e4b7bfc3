import { bigint, char, timestamp } from 'drizzle-orm/pg-core';

/** Money is integer minor units plus an ISO 4217 code, everywhere inside the service. */
export const money = {
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: char('currency', { length: 3 }).notNull(),
};

export const utc = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const timestamps = {
  createdAt: utc('created_at').notNull().defaultNow(),
  updatedAt: utc('updated_at').notNull().defaultNow(),
};

/** SQL list for CHECK constraints built from the same tuples the code uses. */
export const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
