import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { utc } from './columns.js';

/** Every acquirer notification, kept raw; (provider, kind, dedupe key) makes a redelivered one a no-op. */
export const webhookInbox = pgTable(
  'webhook_inbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    provider: text('provider').notNull(),
    kind: text('kind').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    rawBody: text('raw_body').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    receivedAt: utc('received_at').notNull().defaultNow(),
    processedAt: utc('processed_at'),
    processError: text('process_error'),
    /** `signed`: proven the acquirer's, delivered once; `unsigned`: a hint, looked up at the acquirer on every delivery. */
    authenticity: text('authenticity').$type<'signed' | 'unsigned'>().notNull(),
    /** An unsigned notification's latest delivery as the body claims it: what its next lookup asks about. */
    claim: jsonb('claim').$type<Record<string, unknown>>(),
    /** Deliveries handed to the relay so far; also the token a relay's outcome must match to be written. */
    attempts: integer('attempts').notNull().default(0),
    /** When the relay may take it next: now for a new row, a lease while a relay delivers it, a backoff after an error. */
    deliverAfter: utc('deliver_after').notNull().defaultNow(),
  },
  (t) => [
    unique('webhook_inbox_dedupe_uq').on(t.provider, t.kind, t.dedupeKey),
    index('webhook_inbox_undelivered_idx').on(t.deliverAfter).where(sql`processed_at IS NULL`),
  ],
);

/** Every event we emit, written in the same transaction as the change it reports. */
export const eventOutbox = pgTable(
  'event_outbox',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    subscriptionId: text('subscription_id'),
    /** Per-subscription order, so receivers can put at-least-once deliveries back in sequence. */
    sequence: integer('sequence'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    createdAt: utc('created_at').notNull().defaultNow(),
    deliveredAt: utc('delivered_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    unique('event_outbox_subscription_sequence_uq').on(t.subscriptionId, t.sequence),
    index('event_outbox_undelivered_idx').on(t.deliveredAt),
    // List pages walk these (api/pagination.ts): (created_at, id) in either direction.
    index('event_outbox_created_idx').on(t.createdAt, t.id),
  ],
);

/** One row per (event, endpoint): whether that endpoint acknowledged the event, and how the attempts went. */
export const eventDeliveries = pgTable(
  'event_deliveries',
  {
    eventId: text('event_id')
      .notNull()
      .references(() => eventOutbox.id),
    endpoint: text('endpoint').notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** HTTP status of the last answer; null when the last attempt got none (network error, timeout). */
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    lastAttemptAt: utc('last_attempt_at'),
    deliveredAt: utc('delivered_at'),
    createdAt: utc('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.endpoint] }),
    index('event_deliveries_pending_idx').on(t.deliveredAt, t.endpoint),
  ],
);
