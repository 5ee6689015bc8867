ALTER TABLE "disbursement"."instructions" ALTER COLUMN "payment_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "disbursement"."instructions" ADD COLUMN "source" text DEFAULT 'disbursement' NOT NULL;--> statement-breakpoint
ALTER TABLE "disbursement"."instructions" ADD COLUMN "source_ref" text;--> statement-breakpoint
ALTER TABLE "disbursement"."instructions" ADD CONSTRAINT "instructions_source" UNIQUE("source","source_ref");--> statement-breakpoint
ALTER TABLE "disbursement"."instructions" ADD CONSTRAINT "instructions_origin" CHECK (("disbursement"."instructions"."payment_id" is not null) = ("disbursement"."instructions"."source" = 'disbursement') and ("disbursement"."instructions"."source_ref" is null) = ("disbursement"."instructions"."source" = 'disbursement'));