CREATE TABLE "revenue"."adjustments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "revenue"."adjustments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"business_date" date NOT NULL,
	"kind" text NOT NULL,
	"reference" text NOT NULL,
	"receipt_authority_code" text,
	"receipt_message_id" text,
	"authority_code" text NOT NULL,
	"revenue_code" text NOT NULL,
	"level" text NOT NULL,
	"account_number" text NOT NULL,
	"keeper_treasury_id" text NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "adjustments_kind" CHECK ("revenue"."adjustments"."kind" in ('refund', 'correction')),
	CONSTRAINT "adjustments_not_zero" CHECK ("revenue"."adjustments"."amount" <> 0)
);
--> statement-breakpoint
CREATE INDEX "adjustments_by_day" ON "revenue"."adjustments" USING btree ("treasury_id","business_date");--> statement-breakpoint
CREATE INDEX "adjustments_by_receipt" ON "revenue"."adjustments" USING btree ("receipt_authority_code","receipt_message_id");--> statement-breakpoint
CREATE TRIGGER adjustments_append_only BEFORE UPDATE OR DELETE ON revenue.adjustments FOR EACH ROW EXECUTE FUNCTION revenue.refuse_change();
--> statement-breakpoint
CREATE TRIGGER adjustments_no_truncate BEFORE TRUNCATE ON revenue.adjustments FOR EACH STATEMENT EXECUTE FUNCTION revenue.refuse_change();
