ALTER TABLE "ledger"."vouchers" ADD COLUMN "checker_id" text;--> statement-breakpoint
ALTER TABLE "ledger"."vouchers" ADD COLUMN "approval_request_id" bigint;