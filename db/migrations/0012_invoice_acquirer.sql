ALTER TABLE "invoices" ADD COLUMN "acquirer" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "acquirer_link_id" text;--> statement-breakpoint
CREATE INDEX "invoices_acquirer_link_idx" ON "invoices" USING btree ("acquirer_link_id");--> statement-breakpoint
-- Invoices with a payment already have their acquirer: the one their first attempt went to.
UPDATE "invoices" SET "acquirer" = p."provider" FROM (SELECT DISTINCT ON ("invoice_id") "invoice_id", "provider" FROM "payments" ORDER BY "invoice_id", "attempt") p WHERE p."invoice_id" = "invoices"."id";
