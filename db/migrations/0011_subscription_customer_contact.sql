CREATE TABLE "subscription_contacts" (
	"subscription_id" text PRIMARY KEY NOT NULL,
	"email" text,
	"phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscription_contacts_some_contact" CHECK (email is not null or phone is not null)
);
--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "receipt" jsonb;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "receipt" jsonb;