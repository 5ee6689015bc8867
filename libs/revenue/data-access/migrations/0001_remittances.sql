CREATE TABLE "revenue"."remittances" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "revenue"."remittances_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"from_treasury_id" text NOT NULL,
	"business_date" date NOT NULL,
	"to_treasury_id" text NOT NULL,
	"level" text NOT NULL,
	"batch" integer NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"receipts" integer NOT NULL,
	"from_voucher_id" bigint NOT NULL,
	"to_voucher_id" bigint NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "remittances_batch" UNIQUE("from_treasury_id","business_date","to_treasury_id","level","batch"),
	CONSTRAINT "remittances_positive" CHECK ("revenue"."remittances"."amount" > 0)
);
--> statement-breakpoint
CREATE TRIGGER remittances_append_only BEFORE UPDATE OR DELETE ON revenue.remittances FOR EACH ROW EXECUTE FUNCTION revenue.refuse_change();
--> statement-breakpoint
CREATE TRIGGER remittances_no_truncate BEFORE TRUNCATE ON revenue.remittances FOR EACH STATEMENT EXECUTE FUNCTION revenue.refuse_change();
