ALTER TABLE "invoices" DROP CONSTRAINT "invoices_kind_valid";--> statement-breakpoint
ALTER TABLE "payments" DROP CONSTRAINT "payments_status_valid";--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_kind_valid" CHECK (kind in ('initial', 'renewal', 'proration', 'card_check'));--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_status_valid" CHECK (status in ('pending', 'requires_action', 'succeeded', 'declined', 'unknown', 'canceled'));