CREATE SCHEMA IF NOT EXISTS "interest";
--> statement-breakpoint
CREATE TABLE "interest"."rates" (
	"effective_from" date PRIMARY KEY NOT NULL,
	"annual_rate" numeric(10, 8) NOT NULL,
	"approval_request_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "interest"."runs" (
	"treasury_id" text NOT NULL,
	"account_id" bigint NOT NULL,
	"settlement_day" date NOT NULL,
	"accumulation" numeric(24, 2) NOT NULL,
	"annual_rate" numeric(10, 8) NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"voucher_id" bigint,
	"posted_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "runs_account_id_settlement_day_pk" PRIMARY KEY("account_id","settlement_day"),
	CONSTRAINT "runs_amount" CHECK ("interest"."runs"."amount" >= 0)
);
