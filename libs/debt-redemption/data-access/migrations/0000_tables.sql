CREATE SCHEMA IF NOT EXISTS "debt_redemption";
--> statement-breakpoint
CREATE TABLE "debt_redemption"."issues" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "debt_redemption"."issues_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"coupon_rate" numeric(9, 4) NOT NULL,
	"value_date" date NOT NULL,
	"maturity_date" date NOT NULL,
	"redeem_from" date NOT NULL,
	"redeem_to" date NOT NULL,
	"approval_request_id" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "issues_code" UNIQUE("code"),
	CONSTRAINT "issues_kind" CHECK ("debt_redemption"."issues"."kind" in ('bearer_bond', 'bond_receipt'))
);
--> statement-breakpoint
CREATE TABLE "debt_redemption"."claims" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "debt_redemption"."claims_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"bank_principal" text NOT NULL,
	"claim_number" text NOT NULL,
	"claim_date" date NOT NULL,
	"instruments" integer NOT NULL,
	"face_total" numeric(20, 2) NOT NULL,
	"interest_total" numeric(20, 2) NOT NULL,
	"voucher_id" bigint NOT NULL,
	"business_date" date NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "claims_number" UNIQUE("bank_principal","claim_number")
);
--> statement-breakpoint
CREATE TABLE "debt_redemption"."redeemed_instruments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "debt_redemption"."redeemed_instruments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"claim_id" bigint NOT NULL,
	"issue_code" text NOT NULL,
	"serial" text NOT NULL,
	"kind" text NOT NULL,
	"face_value" numeric(20, 2) NOT NULL,
	"interest" numeric(20, 2) NOT NULL,
	CONSTRAINT "redeemed_serial" UNIQUE("issue_code","serial")
);
--> statement-breakpoint
CREATE TABLE "debt_redemption"."serial_ranges" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "debt_redemption"."serial_ranges_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"issue_code" text NOT NULL,
	"prefix" text NOT NULL,
	"first" bigint NOT NULL,
	"last" bigint NOT NULL,
	"face_value" numeric(20, 2) NOT NULL,
	CONSTRAINT "serial_ranges_order" CHECK ("debt_redemption"."serial_ranges"."first" <= "debt_redemption"."serial_ranges"."last")
);
--> statement-breakpoint
CREATE INDEX "claims_by_day" ON "debt_redemption"."claims" USING btree ("treasury_id","business_date");--> statement-breakpoint
CREATE INDEX "redeemed_by_claim" ON "debt_redemption"."redeemed_instruments" USING btree ("claim_id");--> statement-breakpoint
CREATE INDEX "serial_ranges_lookup" ON "debt_redemption"."serial_ranges" USING btree ("issue_code","prefix","first");--> statement-breakpoint
-- Issues, serials, claims and redeemed instruments are records (R70): never rewritten or removed.
CREATE FUNCTION debt_redemption.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'debt_redemption.% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'record a new row instead';
END $$;
--> statement-breakpoint
CREATE TRIGGER issues_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON debt_redemption.issues FOR EACH STATEMENT EXECUTE FUNCTION debt_redemption.refuse_change();
--> statement-breakpoint
CREATE TRIGGER serial_ranges_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON debt_redemption.serial_ranges FOR EACH STATEMENT EXECUTE FUNCTION debt_redemption.refuse_change();
--> statement-breakpoint
CREATE TRIGGER claims_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON debt_redemption.claims FOR EACH STATEMENT EXECUTE FUNCTION debt_redemption.refuse_change();
--> statement-breakpoint
CREATE TRIGGER redeemed_instruments_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON debt_redemption.redeemed_instruments FOR EACH STATEMENT EXECUTE FUNCTION debt_redemption.refuse_change();
