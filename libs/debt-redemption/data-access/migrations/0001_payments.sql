CREATE TABLE "debt_redemption"."payments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "debt_redemption"."payments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"claim_id" bigint NOT NULL,
	"treasury_id" text NOT NULL,
	"payee_name" text NOT NULL,
	"payee_account" text NOT NULL,
	"bank_code" text NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"voucher_id" bigint NOT NULL,
	"approval_request_id" text NOT NULL,
	"business_date" date NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_claim" UNIQUE("claim_id"),
	CONSTRAINT "payments_request" UNIQUE("approval_request_id")
);
--> statement-breakpoint
CREATE TABLE "debt_redemption"."notifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "debt_redemption"."notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"claim_id" bigint NOT NULL,
	"treasury_id" text NOT NULL,
	"upper_treasury_id" text NOT NULL,
	"summary" text NOT NULL,
	"business_date" date NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER payments_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON debt_redemption.payments FOR EACH STATEMENT EXECUTE FUNCTION debt_redemption.refuse_change();
--> statement-breakpoint
CREATE TRIGGER notifications_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON debt_redemption.notifications FOR EACH STATEMENT EXECUTE FUNCTION debt_redemption.refuse_change();
