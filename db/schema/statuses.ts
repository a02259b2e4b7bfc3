// Status values are snake_case strings shared by the database, the API and the code.
export const PERIOD_UNITS = ['minute', 'day', 'week', 'month', 'year'] as const;
export const SUBSCRIPTION_STATUSES = ['pending_payment', 'active', 'past_due', 'canceled', 'expired'] as const;
export const LIVE_SUBSCRIPTION_STATUSES = ['pending_payment', 'active', 'past_due'] as const;
export const CANCEL_REASONS = ['user', 'payment_failed', 'period_end', 'refunded', 'admin'] as const;
// `card_check`: a small hold that verifies a new card for an active subscription; voided at once, never captured.
export const INVOICE_KINDS = ['initial', 'renewal', 'proration', 'card_check'] as const;
export const INVOICE_STATUSES = ['open', 'paid', 'void', 'uncollectible'] as const;
// `canceled`: an authorised hold released without capture (a card check).
export const PAYMENT_STATUSES = ['pending', 'requires_action', 'succeeded', 'declined', 'unknown', 'canceled'] as const;
export const DECLINE_CLASSES = ['hard', 'soft'] as const;
export const REFUND_STATUSES = ['pending', 'awaiting_approval', 'succeeded', 'failed', 'rejected'] as const;
export const PROBE_STATUSES = ['started', 'completed'] as const;
export const IMPORT_JOB_STATUSES = ['running', 'completed'] as const;
// What became of one imported row: a subscription now, one from an earlier import, or an error it is reported with.
export const IMPORT_ROW_OUTCOMES = ['imported', 'already_imported', 'failed'] as const;
// What a reconciliation run found: money at the acquirer we have no record of, records the acquirer does not show,
// or both sides with different status or amount.
export const DISCREPANCY_KINDS = [
  'missing_local_payment',
  'unknown_to_acquirer',
  'status_mismatch',
  'amount_mismatch',
  'missing_local_refund',
  // The acquirer captured one invoice more than once: money to give back.
  'duplicate_charge',
  // A signed `pay` notification whose amount, currency, account or invoice is not our invoice's: nothing changed.
  'notification_mismatch',
  // A `pay` notification we could not take on trust, and the acquirer's own record did not confirm it.
  'unconfirmed_notification',
  // A refund whose status at the acquirer differs from ours and that a run could not settle for certain.
  'refund_status_mismatch',
] as const;

export type PeriodUnit = (typeof PERIOD_UNITS)[number];
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export type CancelReason = (typeof CANCEL_REASONS)[number];
export type InvoiceKind = (typeof INVOICE_KINDS)[number];
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export type DeclineClass = (typeof DECLINE_CLASSES)[number];
export type RefundStatus = (typeof REFUND_STATUSES)[number];
export type ImportRowOutcome = (typeof IMPORT_ROW_OUTCOMES)[number];
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];
