-- Deposit rates belong to a jurisdiction, the branch treasury (R19(1), R47), and are versioned: a date's rate
-- is corrected by a new row superseding it, never changed in place.
ALTER TABLE "interest"."rates" DROP CONSTRAINT "rates_pkey";--> statement-breakpoint
ALTER TABLE "interest"."rates" ADD COLUMN "id" bigint PRIMARY KEY NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "interest"."rates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "interest"."rates" ADD COLUMN "jurisdiction_id" text;--> statement-breakpoint
-- The table was global, each rate set by whichever treasury's admin entered the request: an existing rate goes
-- to the jurisdiction of that treasury (its branch). Reading the approvals' and the ledger's schemas is a
-- one-off here: which treasury asked is recorded nowhere else. The block runs only when there are rates, so
-- an empty database never refers to those schemas (PL/pgSQL plans a statement when it first runs it).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "interest"."rates") THEN
    UPDATE "interest"."rates" r SET "jurisdiction_id" = coalesce(t."parent_id", q."treasury_id")
    FROM "approvals"."requests" q LEFT JOIN "ledger"."treasuries" t ON t."id" = q."treasury_id"
    WHERE q."id" = r."approval_request_id";
  END IF;
END $$;--> statement-breakpoint
ALTER TABLE "interest"."rates" ALTER COLUMN "jurisdiction_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "interest"."rates" ADD COLUMN "supersedes_rate_id" bigint;--> statement-breakpoint
ALTER TABLE "interest"."rates" ADD COLUMN "recorded_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "interest"."rates" ADD CONSTRAINT "rates_version_of_date" UNIQUE("jurisdiction_id","effective_from","id");--> statement-breakpoint
ALTER TABLE "interest"."rates" ADD CONSTRAINT "rates_supersedes_same_date" FOREIGN KEY ("jurisdiction_id","effective_from","supersedes_rate_id") REFERENCES "interest"."rates"("jurisdiction_id","effective_from","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rates_first_version" ON "interest"."rates" USING btree ("jurisdiction_id","effective_from") WHERE "interest"."rates"."supersedes_rate_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "rates_superseded_once" ON "interest"."rates" USING btree ("supersedes_rate_id");--> statement-breakpoint
-- A rate once approved stays on record as it was (R70): enforced here too, against scripts and hand-typed SQL.
CREATE FUNCTION interest.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'interest.% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'record a new version instead (a rate: supersede it through an approved deposit_rate_change)';
END $$;
--> statement-breakpoint
CREATE TRIGGER rates_append_only BEFORE UPDATE OR DELETE ON interest.rates FOR EACH ROW EXECUTE FUNCTION interest.refuse_change();
--> statement-breakpoint
CREATE TRIGGER rates_no_truncate BEFORE TRUNCATE ON interest.rates FOR EACH STATEMENT EXECUTE FUNCTION interest.refuse_change();
