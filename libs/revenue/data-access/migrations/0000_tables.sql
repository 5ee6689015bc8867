CREATE SCHEMA IF NOT EXISTS "revenue";
--> statement-breakpoint
CREATE TABLE "revenue"."receipts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "revenue"."receipts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"authority_code" text NOT NULL,
	"message_id" text NOT NULL,
	"principal_id" text NOT NULL,
	"revenue_code" text NOT NULL,
	"designation" text NOT NULL,
	"region" text NOT NULL,
	"payer_name" text NOT NULL,
	"payer_account" text NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"collection_date" date NOT NULL,
	"business_date" date NOT NULL,
	"parts" jsonb NOT NULL,
	"sharing_rule_id" bigint,
	"voucher_id" bigint NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "receipts_message" UNIQUE("authority_code","message_id"),
	CONSTRAINT "receipts_positive" CHECK ("revenue"."receipts"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "revenue"."regions" (
	"region" text PRIMARY KEY NOT NULL,
	"treasury_id" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "revenue"."sharing_rules" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "revenue"."sharing_rules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"jurisdiction_id" text NOT NULL,
	"revenue_code" text NOT NULL,
	"region" text,
	"effective_from" date NOT NULL,
	"shares" jsonb NOT NULL,
	"approval_request_id" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "receipts_by_day" ON "revenue"."receipts" USING btree ("treasury_id","business_date");--> statement-breakpoint
CREATE INDEX "sharing_rules_by_jurisdiction" ON "revenue"."sharing_rules" USING btree ("jurisdiction_id","revenue_code");--> statement-breakpoint
-- Parameters and receipts are records (R19(1), R70): never rewritten. A correction is a new row.
CREATE FUNCTION revenue.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'revenue.% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'record a new row instead';
END $$;
--> statement-breakpoint
CREATE TRIGGER sharing_rules_append_only BEFORE UPDATE OR DELETE ON revenue.sharing_rules FOR EACH ROW EXECUTE FUNCTION revenue.refuse_change();
--> statement-breakpoint
CREATE TRIGGER sharing_rules_no_truncate BEFORE TRUNCATE ON revenue.sharing_rules FOR EACH STATEMENT EXECUTE FUNCTION revenue.refuse_change();
--> statement-breakpoint
CREATE TRIGGER receipts_append_only BEFORE UPDATE OR DELETE ON revenue.receipts FOR EACH ROW EXECUTE FUNCTION revenue.refuse_change();
--> statement-breakpoint
CREATE TRIGGER receipts_no_truncate BEFORE TRUNCATE ON revenue.receipts FOR EACH STATEMENT EXECUTE FUNCTION revenue.refuse_change();
