import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Receipt } from '../../acquiring/receipt.js';
import { money, sqlList, timestamps, utc } from './columns.js';
import { DECLINE_CLASSES, INVOICE_KINDS, INVOICE_STATUSES, PAYMENT_STATUSES, REFUND_STATUSES } from './statuses.js';
import { subscriptions } from './subscriptions.js';

/** One per amount owed. Ids are derived from business keys by the workflow, so re-inserts are no-ops. */
export const invoices = pgTable(
  'invoices',
  {
    id: text('id').primaryKey(),
    subscriptionId: text('subscription_id')
      .notNull()
      .references(() => subscriptions.id),
    kind: text('kind', { enum: INVOICE_KINDS }).notNull(),
    ...money,
    status: text('status', { enum: INVOICE_STATUSES }).notNull().default('open'),
    periodStart: utc('period_start').notNull(),
    periodEnd: utc('period_end').notNull(),
    attempts: integer('attempts').notNull().default(0),
    paidAt: utc('paid_at'),
    /** The acquirer the invoice's checkout went to: its retries, lookups and link stay there whatever the default. */
    acquirer: text('acquirer'),
    /** The acquirer's id of the invoice's payment link, so cancelling it reaches the acquirer that made it. */
    acquirerLinkId: text('acquirer_link_id'),
    ...timestamps,
  },
  (t) => [
    index('invoices_acquirer_link_idx').on(t.acquirerLinkId),
    uniqueIndex('invoices_one_renewal_per_period').on(t.subscriptionId, t.periodStart).where(sql`kind = 'renewal'`),
    index('invoices_subscription_idx').on(t.subscriptionId),
    // List pages walk these (api/pagination.ts): (created_at, id) in either direction.
    index('invoices_subscription_created_idx').on(t.subscriptionId, t.createdAt, t.id),
    check('invoices_amount_non_negative', sql`${t.amount} >= 0`),
    check('invoices_kind_valid', sql.raw(`kind in (${sqlList(INVOICE_KINDS)})`)),
    check('invoices_status_valid', sql.raw(`status in (${sqlList(INVOICE_STATUSES)})`)),
  ],
);

/** One per attempt to pay an invoice; the unique (invoice, attempt) pair is what makes a retried charge a no-op. */
export const payments = pgTable(
  'payments',
  {
    id: text('id').primaryKey(),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    subscriptionId: text('subscription_id')
      .notNull()
      .references(() => subscriptions.id),
    userId: text('user_id').notNull(),
    attempt: integer('attempt').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    provider: text('provider').notNull(),
    providerTransactionId: text('provider_transaction_id'),
    ...money,
    status: text('status', { enum: PAYMENT_STATUSES }).notNull().default('pending'),
    declineCode: text('decline_code'),
    declineReason: text('decline_reason'),
    declineClass: text('decline_class', { enum: DECLINE_CLASSES }),
    refundedAmount: bigint('refunded_amount', { mode: 'number' }).notNull().default(0),
    /** Amount held by refunds in flight, so concurrent refunds can never exceed the capture. */
    reservedRefundAmount: bigint('reserved_refund_amount', { mode: 'number' }).notNull().default(0),
    cardLastFour: text('card_last_four'),
    /** The fiscal receipt (54-FZ) sent with the payment; null when none was (a card check, no contact). */
    receipt: jsonb('receipt').$type<Receipt>(),
    ...timestamps,
  },
  (t) => [
    unique('payments_invoice_attempt_uq').on(t.invoiceId, t.attempt),
    unique('payments_idempotency_key_uq').on(t.idempotencyKey),
    uniqueIndex('payments_provider_tx_uq')
      .on(t.provider, t.providerTransactionId)
      .where(sql`provider_transaction_id is not null`),
    index('payments_subscription_idx').on(t.subscriptionId),
    index('payments_user_idx').on(t.userId),
    // A status alone (payments?status=unknown, the reconciliation's stale ones) and the finance summary's declines of
    // a window (api/routes/finance): one index, status first.
    index('payments_status_created_idx').on(t.status, t.createdAt),
    // List pages walk these (api/pagination.ts): (created_at, id) in either direction.
    index('payments_created_idx').on(t.createdAt, t.id),
    index('payments_user_created_idx').on(t.userId, t.createdAt, t.id),
    check('payments_amount_positive', sql`${t.amount} > 0`),
    check('payments_status_valid', sql.raw(`status in (${sqlList(PAYMENT_STATUSES)})`)),
    check(
      'payments_decline_class_valid',
      sql.raw(`decline_class is null or decline_class in (${sqlList(DECLINE_CLASSES)})`),
    ),
    check(
      'payments_refunds_within_capture',
      sql`${t.refundedAmount} >= 0 and ${t.reservedRefundAmount} >= 0 and ${t.refundedAmount} + ${t.reservedRefundAmount} <= ${t.amount}`,
    ),
  ],
);

export const refunds = pgTable(
  'refunds',
  {
    id: text('id').primaryKey(),
    paymentId: text('payment_id')
      .notNull()
      .references(() => payments.id),
    ...money,
    status: text('status', { enum: REFUND_STATUSES }).notNull().default('pending'),
    reason: text('reason').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    providerTransactionId: text('provider_transaction_id'),
    failureReason: text('failure_reason'),
    requestedBy: text('requested_by').notNull(),
    decidedBy: text('decided_by'),
    approvalDeadline: utc('approval_deadline'),
    /** When our last call to the acquirer for this refund began: staleness and "may it still happen" count from it. */
    lastAttemptAt: utc('last_attempt_at'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    /** The refund receipt (54-FZ) sent with the refund; null when none was. */
    receipt: jsonb('receipt').$type<Receipt>(),
    ...timestamps,
  },
  (t) => [
    unique('refunds_idempotency_key_uq').on(t.idempotencyKey),
    index('refunds_payment_idx').on(t.paymentId),
    // List pages walk these (api/pagination.ts): (created_at, id) in either direction.
    index('refunds_created_idx').on(t.createdAt, t.id),
    // The refunds waiting for approval (the console's queue, its gauge) and any list of one status, newest first.
    index('refunds_status_created_idx').on(t.status, t.createdAt, t.id),
    check('refunds_amount_positive', sql`${t.amount} > 0`),
    check('refunds_status_valid', sql.raw(`status in (${sqlList(REFUND_STATUSES)})`)),
  ],
);
