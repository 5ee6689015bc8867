CREATE TABLE "ledger"."month_closes" (
	"treasury_id" text NOT NULL,
	"month" text NOT NULL,
	"closed_by" text NOT NULL,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "month_closes_treasury_id_month_pk" PRIMARY KEY("treasury_id","month"),
	CONSTRAINT "month_closes_month" CHECK ("ledger"."month_closes"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
CREATE TRIGGER month_closes_append_only BEFORE UPDATE OR DELETE ON ledger.month_closes FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
--> statement-breakpoint
CREATE TRIGGER month_closes_no_truncate BEFORE TRUNCATE ON ledger.month_closes FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();
