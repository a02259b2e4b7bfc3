ALTER TABLE "reconciliation_discrepancies" DROP CONSTRAINT "reconciliation_discrepancies_kind_valid";--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "last_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reconciliation_discrepancies" ADD CONSTRAINT "reconciliation_discrepancies_kind_valid" CHECK (kind in ('missing_local_payment', 'unknown_to_acquirer', 'status_mismatch', 'amount_mismatch', 'missing_local_refund', 'duplicate_charge', 'notification_mismatch', 'unconfirmed_notification', 'refund_status_mismatch'));--> statement-breakpoint
-- Refunds sent before this column existed: their last attempt is the `sentAt` the send step kept in details.
UPDATE "refunds" SET "last_attempt_at" = ("details"->>'sentAt')::timestamptz WHERE "details" ? 'sentAt';