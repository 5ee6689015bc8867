CREATE SCHEMA IF NOT EXISTS "corrections";
--> statement-breakpoint
CREATE TABLE "corrections"."corrections" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "corrections"."corrections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"business_date" date NOT NULL,
	"kind" text NOT NULL,
	"origin" text NOT NULL,
	"authority_code" text NOT NULL,
	"authority_kind" text NOT NULL,
	"notice_number" text NOT NULL,
	"notice_date" date NOT NULL,
	"reason" text NOT NULL,
	"documents" jsonb NOT NULL,
	"total" numeric(20, 2) NOT NULL,
	"items" jsonb NOT NULL,
	"approval_request_id" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "corrections_notice" UNIQUE("authority_code","notice_number"),
	CONSTRAINT "corrections_request" UNIQUE("approval_request_id"),
	CONSTRAINT "corrections_kind" CHECK ("corrections"."corrections"."kind" in ('correction', 'reallocation')),
	CONSTRAINT "corrections_origin" CHECK ("corrections"."corrections"."origin" in ('treasury', 'counterparty')),
	CONSTRAINT "corrections_positive" CHECK ("corrections"."corrections"."total" > 0)
);
--> statement-breakpoint
CREATE INDEX "corrections_by_day" ON "corrections"."corrections" USING btree ("treasury_id","business_date");--> statement-breakpoint
-- The register is a record (R70): a correction made is never rewritten or removed; a wrong one is corrected anew.
CREATE FUNCTION corrections.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'corrections.% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'record a new row instead';
END $$;
--> statement-breakpoint
CREATE TRIGGER corrections_append_only BEFORE UPDATE OR DELETE ON corrections.corrections FOR EACH ROW EXECUTE FUNCTION corrections.refuse_change();
--> statement-breakpoint
CREATE TRIGGER corrections_no_truncate BEFORE TRUNCATE ON corrections.corrections FOR EACH STATEMENT EXECUTE FUNCTION corrections.refuse_change();
