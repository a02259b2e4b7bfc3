CREATE TABLE "subscription_import_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"requested_by" text NOT NULL,
	"total" integer NOT NULL,
	"imported" integer DEFAULT 0 NOT NULL,
	"already_imported" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscription_import_jobs_status_valid" CHECK (status in ('running', 'completed'))
);
--> statement-breakpoint
CREATE TABLE "subscription_import_rows" (
	"job_id" text NOT NULL,
	"row_index" integer NOT NULL,
	"external_id" text NOT NULL,
	"user_id" text NOT NULL,
	"plan_id" text NOT NULL,
	"current_period_end" timestamp with time zone NOT NULL,
	"acquirer" text NOT NULL,
	"sealed_card_token" text,
	"card" jsonb,
	"email" text,
	"phone" text,
	"outcome" text,
	"subscription_id" text,
	"error_code" text,
	"error_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscription_import_rows_job_id_row_index_pk" PRIMARY KEY("job_id","row_index"),
	CONSTRAINT "subscription_import_rows_outcome_valid" CHECK (outcome is null or outcome in ('imported', 'already_imported', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "subscription_import_rows" ADD CONSTRAINT "subscription_import_rows_job_id_subscription_import_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."subscription_import_jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "subscription_import_rows_one_per_external_id" ON "subscription_import_rows" USING btree ("external_id") WHERE outcome = 'imported';--> statement-breakpoint
CREATE INDEX "subscription_import_rows_external_id_idx" ON "subscription_import_rows" USING btree ("external_id");