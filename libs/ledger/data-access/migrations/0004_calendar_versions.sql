-- The working calendar becomes a controlled, versioned parameter (R19(1)): one row per approved version of a
-- year's schedule, the latest in force; a change is a new version, so who changed what and when stays on record.
CREATE TABLE "ledger"."calendar_versions" (
	"year" integer NOT NULL,
	"version" integer NOT NULL,
	"days" jsonb NOT NULL,
	"approval_request_id" bigint,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_versions_year_version_pk" PRIMARY KEY("year","version"),
	CONSTRAINT "calendar_versions_version" CHECK ("ledger"."calendar_versions"."version" >= 1),
	CONSTRAINT "calendar_versions_days" CHECK (jsonb_typeof("ledger"."calendar_versions"."days") = 'array')
);
--> statement-breakpoint
-- What the seed loaded becomes version 1 of each year it covers (a trusted load: no approval request).
-- Make-up working days are now called workdays, as in the calendar-change payload and the API.
INSERT INTO "ledger"."calendar_versions" ("year", "version", "days", "approval_request_id")
SELECT extract(year FROM "date")::int, 1,
       jsonb_agg(jsonb_build_object(
         'date', "date"::text,
         'kind', CASE "kind" WHEN 'makeup_workday' THEN 'workday' ELSE "kind" END,
         'name', "name") ORDER BY "date"),
       NULL
FROM "ledger"."calendar_overrides"
GROUP BY 1;
--> statement-breakpoint
-- One source of truth: the old table is gone, so nothing can read or write the calendar around the versions.
DROP TABLE "ledger"."calendar_overrides" CASCADE;
--> statement-breakpoint
CREATE FUNCTION ledger.refuse_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger.% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'record a new version through an approved change instead';
END $$;
--> statement-breakpoint
CREATE TRIGGER calendar_versions_append_only BEFORE UPDATE OR DELETE ON ledger.calendar_versions FOR EACH ROW EXECUTE FUNCTION ledger.refuse_version_change();
--> statement-breakpoint
CREATE TRIGGER calendar_versions_no_truncate BEFORE TRUNCATE ON ledger.calendar_versions FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_version_change();
