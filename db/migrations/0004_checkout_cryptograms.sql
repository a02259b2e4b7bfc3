CREATE TABLE "checkout_cryptograms" (
	"invoice_id" text PRIMARY KEY NOT NULL,
	"packet" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "checkout_cryptograms_created_idx" ON "checkout_cryptograms" USING btree ("created_at");