CREATE SCHEMA IF NOT EXISTS "reconciliation";
--> statement-breakpoint
CREATE TABLE "reconciliation"."differences" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reconciliation"."differences_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"reference" text NOT NULL,
	"treasury_level" text,
	"treasury_code" text,
	"treasury_amount" numeric(20, 2),
	"treasury_date" date,
	"counterparty_level" text,
	"counterparty_code" text,
	"counterparty_amount" numeric(20, 2),
	"counterparty_date" date
);
--> statement-breakpoint
CREATE TABLE "reconciliation"."match_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reconciliation"."match_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"statement_id" bigint NOT NULL,
	"treasury_lines" integer NOT NULL,
	"counterparty_lines" integer NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reconciliation"."results" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reconciliation"."results_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"statement_id" bigint NOT NULL,
	"run_id" bigint NOT NULL,
	"outcome" text NOT NULL,
	"signed_on" date NOT NULL,
	"signer" text NOT NULL,
	"seal_verified" boolean NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "results_statement" UNIQUE("statement_id"),
	CONSTRAINT "results_outcome" CHECK ("reconciliation"."results"."outcome" in ('agreed', 'differs'))
);
--> statement-breakpoint
CREATE TABLE "reconciliation"."lines" (
	"statement_id" bigint NOT NULL,
	"side" text NOT NULL,
	"reference" text NOT NULL,
	"level" text NOT NULL,
	"code" text NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"date" date NOT NULL,
	CONSTRAINT "lines_side" CHECK ("reconciliation"."lines"."side" in ('treasury', 'counterparty'))
);
--> statement-breakpoint
CREATE TABLE "reconciliation"."statements" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reconciliation"."statements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"counterparty_kind" text NOT NULL,
	"counterparty_code" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"created_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "statements_period" UNIQUE("treasury_id","counterparty_kind","counterparty_code","period_from","period_to"),
	CONSTRAINT "statements_kind" CHECK ("reconciliation"."statements"."counterparty_kind" in ('collecting_authority', 'finance_bureau', 'agency_bank'))
);
--> statement-breakpoint
CREATE INDEX "differences_by_run" ON "reconciliation"."differences" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "lines_by_key" ON "reconciliation"."lines" USING btree ("statement_id","side","reference","level");--> statement-breakpoint
-- Statements, their lines, runs, differences and results are records (R58–R59, R70): never rewritten or removed.
CREATE FUNCTION reconciliation.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'reconciliation.% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'record a new row instead';
END $$;
--> statement-breakpoint
CREATE TRIGGER statements_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON reconciliation.statements FOR EACH STATEMENT EXECUTE FUNCTION reconciliation.refuse_change();
--> statement-breakpoint
CREATE TRIGGER lines_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON reconciliation.lines FOR EACH STATEMENT EXECUTE FUNCTION reconciliation.refuse_change();
--> statement-breakpoint
CREATE TRIGGER match_runs_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON reconciliation.match_runs FOR EACH STATEMENT EXECUTE FUNCTION reconciliation.refuse_change();
--> statement-breakpoint
CREATE TRIGGER differences_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON reconciliation.differences FOR EACH STATEMENT EXECUTE FUNCTION reconciliation.refuse_change();
--> statement-breakpoint
CREATE TRIGGER results_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON reconciliation.results FOR EACH STATEMENT EXECUTE FUNCTION reconciliation.refuse_change();
