CREATE SCHEMA IF NOT EXISTS "ledger";
--> statement-breakpoint
CREATE TABLE "ledger"."account_balances" (
	"account_id" bigint PRIMARY KEY NOT NULL,
	"balance" numeric(20, 2) DEFAULT '0' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger"."accounts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ledger"."accounts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"number" text NOT NULL,
	"name" text NOT NULL,
	"subject_code" text NOT NULL,
	"fiscal_level" text,
	"opened_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger"."business_days" (
	"treasury_id" text NOT NULL,
	"date" date NOT NULL,
	"status" text NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	CONSTRAINT "business_days_treasury_id_date_pk" PRIMARY KEY("treasury_id","date"),
	CONSTRAINT "business_days_status" CHECK ("ledger"."business_days"."status" in ('open', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "ledger"."calendar_overrides" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger"."classification_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger"."daily_balances" (
	"account_id" bigint NOT NULL,
	"business_date" date NOT NULL,
	"treasury_id" text NOT NULL,
	"opening" numeric(20, 2) NOT NULL,
	"debit_turnover" numeric(20, 2) NOT NULL,
	"credit_turnover" numeric(20, 2) NOT NULL,
	"closing" numeric(20, 2) NOT NULL,
	CONSTRAINT "daily_balances_account_id_business_date_pk" PRIMARY KEY("account_id","business_date")
);
--> statement-breakpoint
CREATE TABLE "ledger"."daily_subject_balances" (
	"treasury_id" text NOT NULL,
	"subject_code" text NOT NULL,
	"business_date" date NOT NULL,
	"opening" numeric(20, 2) NOT NULL,
	"debit_turnover" numeric(20, 2) NOT NULL,
	"credit_turnover" numeric(20, 2) NOT NULL,
	"closing" numeric(20, 2) NOT NULL,
	CONSTRAINT "daily_subject_balances_treasury_id_business_date_subject_code_pk" PRIMARY KEY("treasury_id","business_date","subject_code")
);
--> statement-breakpoint
CREATE TABLE "ledger"."entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ledger"."entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"voucher_id" bigint NOT NULL,
	"line_no" integer NOT NULL,
	"treasury_id" text NOT NULL,
	"business_date" date NOT NULL,
	"account_id" bigint NOT NULL,
	"subject_code" text NOT NULL,
	"side" text NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"fiscal_level" text,
	"classification_code" text,
	CONSTRAINT "entries_side" CHECK ("ledger"."entries"."side" in ('debit', 'credit', 'receipt', 'payment'))
);
--> statement-breakpoint
CREATE TABLE "ledger"."subjects" (
	"treasury_id" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"balance_sheet" text NOT NULL,
	"normal_side" text NOT NULL,
	"is_deposit" boolean DEFAULT false NOT NULL,
	"interest_bearing" boolean DEFAULT false NOT NULL,
	CONSTRAINT "subjects_treasury_id_code_pk" PRIMARY KEY("treasury_id","code"),
	CONSTRAINT "subjects_balance_sheet" CHECK ("ledger"."subjects"."balance_sheet" in ('on', 'off')),
	CONSTRAINT "subjects_normal_side" CHECK ("ledger"."subjects"."normal_side" in ('debit', 'credit'))
);
--> statement-breakpoint
CREATE TABLE "ledger"."treasuries" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"parent_id" text,
	"fiscal_level" text NOT NULL,
	"time_zone" text DEFAULT 'Asia/Shanghai' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger"."vouchers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ledger"."vouchers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"business_date" date NOT NULL,
	"kind" text NOT NULL,
	"summary" text NOT NULL,
	"documents" jsonb NOT NULL,
	"maker_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"reverses_voucher_id" bigint,
	"corrects_voucher_id" bigint,
	"posted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vouchers_kind" CHECK ("ledger"."vouchers"."kind" in ('ordinary', 'reversal', 'correction'))
);
--> statement-breakpoint
ALTER TABLE "ledger"."subjects" ADD CONSTRAINT "subjects_treasury_id_treasuries_id_fk" FOREIGN KEY ("treasury_id") REFERENCES "ledger"."treasuries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_treasury_number" ON "ledger"."accounts" USING btree ("treasury_id","number");--> statement-breakpoint
CREATE INDEX "accounts_subject" ON "ledger"."accounts" USING btree ("treasury_id","subject_code");--> statement-breakpoint
CREATE UNIQUE INDEX "business_days_one_open" ON "ledger"."business_days" USING btree ("treasury_id") WHERE "ledger"."business_days"."status" = 'open';--> statement-breakpoint
CREATE INDEX "daily_balances_treasury_day" ON "ledger"."daily_balances" USING btree ("treasury_id","business_date");--> statement-breakpoint
CREATE INDEX "entries_account_day" ON "ledger"."entries" USING btree ("account_id","business_date","id");--> statement-breakpoint
CREATE INDEX "entries_treasury_day" ON "ledger"."entries" USING btree ("treasury_id","business_date");--> statement-breakpoint
CREATE INDEX "entries_voucher" ON "ledger"."entries" USING btree ("voucher_id","line_no");--> statement-breakpoint
CREATE UNIQUE INDEX "vouchers_idempotency" ON "ledger"."vouchers" USING btree ("treasury_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "vouchers_reversed_once" ON "ledger"."vouchers" USING btree ("reverses_voucher_id");--> statement-breakpoint
CREATE INDEX "vouchers_day" ON "ledger"."vouchers" USING btree ("treasury_id","business_date","id");