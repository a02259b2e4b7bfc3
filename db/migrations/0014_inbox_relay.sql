ALTER TABLE "webhook_inbox" ADD COLUMN "authenticity" text;--> statement-breakpoint
-- Rows from before the relay did not record whether their signature was proven: a pending one is believed only
-- after a lookup at the acquirer, never on its body's word.
UPDATE "webhook_inbox" SET "authenticity" = 'unsigned';--> statement-breakpoint
ALTER TABLE "webhook_inbox" ALTER COLUMN "authenticity" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_inbox" ADD COLUMN "claim" jsonb;--> statement-breakpoint
ALTER TABLE "webhook_inbox" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_inbox" ADD COLUMN "deliver_after" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "webhook_inbox_undelivered_idx" ON "webhook_inbox" USING btree ("deliver_after") WHERE processed_at IS NULL;