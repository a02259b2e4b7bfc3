CREATE TABLE "reconciliation_discrepancies" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"provider" text NOT NULL,
	"subject" text NOT NULL,
	"provider_transaction_id" text,
	"payment_id" text,
	"refund_id" text,
	"invoice_id" text,
	"ours" jsonb,
	"acquirer" jsonb,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"run_id" text NOT NULL,
	"resolved" boolean DEFAULT false NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "reconciliation_discrepancies_kind_valid" CHECK (kind in ('missing_local_payment', 'unknown_to_acquirer', 'status_mismatch', 'amount_mismatch', 'missing_local_refund'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reconciliation_discrepancies_subject_uq" ON "reconciliation_discrepancies" USING btree ("kind","provider","subject");--> statement-breakpoint
CREATE INDEX "reconciliation_discrepancies_open_idx" ON "reconciliation_discrepancies" USING btree ("resolved","kind");