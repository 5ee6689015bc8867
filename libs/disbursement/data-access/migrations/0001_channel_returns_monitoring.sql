CREATE TABLE "disbursement"."instruction_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "disbursement"."instruction_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"instruction_id" bigint NOT NULL,
	"status" text NOT NULL,
	"detail" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "instruction_events_status" CHECK ("disbursement"."instruction_events"."status" in ('failed', 'sent', 'settled', 'returned'))
);
--> statement-breakpoint
CREATE TABLE "disbursement"."instructions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "disbursement"."instructions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"payment_id" bigint NOT NULL,
	"treasury_id" text NOT NULL,
	"channel" text NOT NULL,
	"payee_name" text NOT NULL,
	"payee_account" text NOT NULL,
	"bank_code" text NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "instructions_payment" UNIQUE("payment_id"),
	CONSTRAINT "instructions_channel" CHECK ("disbursement"."instructions"."channel" in ('cnaps', 'internal', 'same_city'))
);
--> statement-breakpoint
CREATE TABLE "disbursement"."monitoring_rules" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "disbursement"."monitoring_rules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"jurisdiction_id" text NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"active" boolean NOT NULL,
	"effective_from" date NOT NULL,
	"approval_request_id" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_rules_kind" CHECK ("disbursement"."monitoring_rules"."kind" in ('amount_above', 'payee_account', 'payee_name_contains'))
);
--> statement-breakpoint
CREATE TABLE "disbursement"."payment_returns" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "disbursement"."payment_returns_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"payment_id" bigint NOT NULL,
	"treasury_id" text NOT NULL,
	"reason" text NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"voucher_id" bigint NOT NULL,
	"approval_request_id" text NOT NULL,
	"business_date" date NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_returns_payment" UNIQUE("payment_id"),
	CONSTRAINT "payment_returns_request" UNIQUE("approval_request_id")
);
--> statement-breakpoint
CREATE INDEX "instruction_events_by_instruction" ON "disbursement"."instruction_events" USING btree ("instruction_id","id");--> statement-breakpoint
CREATE INDEX "monitoring_rules_by_jurisdiction" ON "disbursement"."monitoring_rules" USING btree ("jurisdiction_id","effective_from");--> statement-breakpoint
CREATE TRIGGER instructions_append_only BEFORE UPDATE OR DELETE ON disbursement.instructions FOR EACH ROW EXECUTE FUNCTION disbursement.refuse_change();
--> statement-breakpoint
CREATE TRIGGER instructions_no_truncate BEFORE TRUNCATE ON disbursement.instructions FOR EACH STATEMENT EXECUTE FUNCTION disbursement.refuse_change();
--> statement-breakpoint
CREATE TRIGGER instruction_events_append_only BEFORE UPDATE OR DELETE ON disbursement.instruction_events FOR EACH ROW EXECUTE FUNCTION disbursement.refuse_change();
--> statement-breakpoint
CREATE TRIGGER instruction_events_no_truncate BEFORE TRUNCATE ON disbursement.instruction_events FOR EACH STATEMENT EXECUTE FUNCTION disbursement.refuse_change();
--> statement-breakpoint
CREATE TRIGGER payment_returns_append_only BEFORE UPDATE OR DELETE ON disbursement.payment_returns FOR EACH ROW EXECUTE FUNCTION disbursement.refuse_change();
--> statement-breakpoint
CREATE TRIGGER payment_returns_no_truncate BEFORE TRUNCATE ON disbursement.payment_returns FOR EACH STATEMENT EXECUTE FUNCTION disbursement.refuse_change();
--> statement-breakpoint
CREATE TRIGGER monitoring_rules_append_only BEFORE UPDATE OR DELETE ON disbursement.monitoring_rules FOR EACH ROW EXECUTE FUNCTION disbursement.refuse_change();
--> statement-breakpoint
CREATE TRIGGER monitoring_rules_no_truncate BEFORE TRUNCATE ON disbursement.monitoring_rules FOR EACH STATEMENT EXECUTE FUNCTION disbursement.refuse_change();
