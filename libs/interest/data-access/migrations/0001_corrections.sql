CREATE TABLE "interest"."corrections" (
	"approval_request_id" bigint PRIMARY KEY NOT NULL,
	"treasury_id" text NOT NULL,
	"account_id" bigint NOT NULL,
	"settlement_day" date NOT NULL,
	"recorded_amount" numeric(20, 2) NOT NULL,
	"correct_amount" numeric(20, 2) NOT NULL,
	"voucher_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
