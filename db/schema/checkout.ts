import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { utc } from './columns.js';

/**
 * A card cryptogram waiting for its checkout's charge, keyed by the initial invoice. It is kept here, not in the
 * workflow's input, so it never lands in Temporal history (visible in the Web UI); deleted once the acquirer has
 * answered, and purged by reconciliation when a checkout never got that far.
 */
export const checkoutCryptograms = pgTable(
  'checkout_cryptograms',
  {
    invoiceId: text('invoice_id').primaryKey(),
    packet: text('packet').notNull(),
    createdAt: utc('created_at').notNull().defaultNow(),
  },
  (t) => [index('checkout_cryptograms_created_idx').on(t.createdAt)],
);
