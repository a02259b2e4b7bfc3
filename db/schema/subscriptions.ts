import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { sqlList, timestamps, utc } from './columns.js';
import { plans } from './plans.js';
import { CANCEL_REASONS, LIVE_SUBSCRIPTION_STATUSES, SUBSCRIPTION_STATUSES } from './statuses.js';

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id),
    status: text('status', { enum: SUBSCRIPTION_STATUSES }).notNull(),
    currentPeriodStart: utc('current_period_start'),
    currentPeriodEnd: utc('current_period_end'),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    pendingPlanId: text('pending_plan_id').references(() => plans.id),
    pastDueSince: utc('past_due_since'),
    nextChargeAt: utc('next_charge_at'),
    canceledAt: utc('canceled_at'),
    cancelReason: text('cancel_reason', { enum: CANCEL_REASONS }),
    returnUrl: text('return_url'),
    /** The workflow transition this row shows; an older one (a late retry) never overwrites it. */
    workflowTransition: integer('workflow_transition').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    // One non-terminal subscription per user, enforced by the database and not only by the API.
    uniqueIndex('subscriptions_one_live_per_user')
      .on(t.userId)
      .where(sql.raw(`status in (${sqlList(LIVE_SUBSCRIPTION_STATUSES)})`)),
    index('subscriptions_status_idx').on(t.status),
    // List pages walk these (api/pagination.ts): (created_at, id) in either direction.
    index('subscriptions_created_idx').on(t.createdAt, t.id),
    index('subscriptions_user_created_idx').on(t.userId, t.createdAt, t.id),
    check('subscriptions_status_valid', sql.raw(`status in (${sqlList(SUBSCRIPTION_STATUSES)})`)),
    check(
      'subscriptions_cancel_reason_valid',
      sql.raw(`cancel_reason is null or cancel_reason in (${sqlList(CANCEL_REASONS)})`),
    ),
  ],
);

/** A saved card token; the newest non-revoked one is charged for renewals. */
export const paymentMethods = pgTable(
  'payment_methods',
  {
    id: text('id').primaryKey(),
    subscriptionId: text('subscription_id')
      .notNull()
      .references(() => subscriptions.id),
    provider: text('provider').notNull(),
    token: text('token').notNull(),
    cardFirstSix: text('card_first_six'),
    cardLastFour: text('card_last_four'),
    cardType: text('card_type'),
    cardExpDate: text('card_exp_date'),
    revokedAt: utc('revoked_at'),
    ...timestamps,
  },
  (t) => [index('payment_methods_subscription_idx').on(t.subscriptionId)],
);

/**
 * Where a subscription's fiscal receipts (54-FZ) go: what the checkout gave, else the token's claims. Written by the
 * API before the workflow starts (the subscription row is the workflow's to write), read by the activities that build
 * receipts, so the contact never lands in workflow history.
 */
export const subscriptionContacts = pgTable(
  'subscription_contacts',
  {
    subscriptionId: text('subscription_id').primaryKey(),
    email: text('email'),
    /** E.164 digits without the plus, e.g. 79001234567. */
    phone: text('phone'),
    ...timestamps,
  },
  () => [check('subscription_contacts_some_contact', sql`email is not null or phone is not null`)],
);
