CREATE SCHEMA IF NOT EXISTS "disbursement";
--> statement-breakpoint
CREATE TABLE "disbursement"."payments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "disbursement"."payments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"kind" text NOT NULL,
	"bureau_code" text NOT NULL,
	"agency_bank_code" text NOT NULL,
	"voucher_number" text NOT NULL,
	"voucher_date" date NOT NULL,
	"payee_name" text NOT NULL,
	"payee_account" text NOT NULL,
	"bank_code" text NOT NULL,
	"payee_kind" text NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"lines" jsonb NOT NULL,
	"account_number" text NOT NULL,
	"voucher_id" bigint NOT NULL,
	"approval_request_id" text NOT NULL,
	"received_on" date NOT NULL,
	"business_date" date NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_voucher" UNIQUE("kind","bureau_code","agency_bank_code","voucher_number"),
	CONSTRAINT "payments_request" UNIQUE("approval_request_id"),
	CONSTRAINT "payments_kind" CHECK ("disbursement"."payments"."kind" in ('appropriation', 'clearing')),
	CONSTRAINT "payments_positive" CHECK ("disbursement"."payments"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "disbursement"."plan_lines" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "disbursement"."plan_lines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"bureau_code" text NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"document" text NOT NULL,
	"function_code" text NOT NULL,
	"economic_code" text NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"sent_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_lines_document" UNIQUE("bureau_code","document","function_code","economic_code"),
	CONSTRAINT "plan_lines_kind" CHECK ("disbursement"."plan_lines"."kind" in ('plan', 'supplement')),
	CONSTRAINT "plan_lines_positive" CHECK ("disbursement"."plan_lines"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "disbursement"."quotas" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "disbursement"."quotas_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"bureau_code" text NOT NULL,
	"agency_bank_code" text NOT NULL,
	"budget_unit_code" text NOT NULL,
	"year" integer NOT NULL,
	"document" text NOT NULL,
	"function_code" text NOT NULL,
	"economic_code" text NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"sent_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quotas_document" UNIQUE("bureau_code","document","agency_bank_code","budget_unit_code","function_code","economic_code"),
	CONSTRAINT "quotas_positive" CHECK ("disbursement"."quotas"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "disbursement"."usages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "disbursement"."usages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"payment_id" bigint NOT NULL,
	"limit_kind" text NOT NULL,
	"bureau_code" text NOT NULL,
	"agency_bank_code" text NOT NULL,
	"budget_unit_code" text NOT NULL,
	"year" integer NOT NULL,
	"function_code" text NOT NULL,
	"economic_code" text NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usages_kind" CHECK ("disbursement"."usages"."limit_kind" in ('plan', 'quota')),
	CONSTRAINT "usages_not_zero" CHECK ("disbursement"."usages"."amount" <> 0)
);
--> statement-breakpoint
CREATE INDEX "payments_by_day" ON "disbursement"."payments" USING btree ("treasury_id","business_date");--> statement-breakpoint
CREATE INDEX "plan_lines_by_key" ON "disbursement"."plan_lines" USING btree ("bureau_code","year","function_code","economic_code");--> statement-breakpoint
CREATE INDEX "quotas_by_key" ON "disbursement"."quotas" USING btree ("agency_bank_code","budget_unit_code","year","function_code","economic_code");--> statement-breakpoint
CREATE INDEX "usages_by_plan" ON "disbursement"."usages" USING btree ("bureau_code","year","function_code","economic_code");--> statement-breakpoint
CREATE INDEX "usages_by_quota" ON "disbursement"."usages" USING btree ("agency_bank_code","budget_unit_code","year","function_code","economic_code");--> statement-breakpoint
-- Plans, quotas, payments and their usages are records (R70): never rewritten or removed; a returned payment gives
-- its usage back with a row of its own.
CREATE FUNCTION disbursement.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'disbursement.% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'record a new row instead';
END $$;
--> statement-breakpoint
CREATE TRIGGER plan_lines_append_only BEFORE UPDATE OR DELETE ON disbursement.plan_lines FOR EACH ROW EXECUTE FUNCTION disbursement.refuse_change();
--> statement-breakpoint
CREATE TRIGGER plan_lines_no_truncate BEFORE TRUNCATE ON disbursement.plan_lines FOR EACH STATEMENT EXECUTE FUNCTION disbursement.refuse_change();
--> statement-breakpoint
CREATE TRIGGER quotas_append_only BEFORE UPDATE OR DELETE ON disbursement.quotas FOR EACH ROW EXECUTE FUNCTION disbursement.refuse_change();
--> statement-breakpoint
CREATE TRIGGER quotas_no_truncate BEFORE TRUNCATE ON disbursement.quotas FOR EACH STATEMENT EXECUTE FUNCTION disbursement.refuse_change();
--> statement-breakpoint
CREATE TRIGGER payments_append_only BEFORE UPDATE OR DELETE ON disbursement.payments FOR EACH ROW EXECUTE FUNCTION disbursement.refuse_change();
--> statement-breakpoint
CREATE TRIGGER payments_no_truncate BEFORE TRUNCATE ON disbursement.payments FOR EACH STATEMENT EXECUTE FUNCTION disbursement.refuse_change();
--> statement-breakpoint
CREATE TRIGGER usages_append_only BEFORE UPDATE OR DELETE ON disbursement.usages FOR EACH ROW EXECUTE FUNCTION disbursement.refuse_change();
--> statement-breakpoint
CREATE TRIGGER usages_no_truncate BEFORE TRUNCATE ON disbursement.usages FOR EACH STATEMENT EXECUTE FUNCTION disbursement.refuse_change();
