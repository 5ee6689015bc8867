CREATE TABLE "seals"."seal_custodians" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "seals"."seal_custodians_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"seal_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"from_user_id" text NOT NULL,
	"to_user_id" text NOT NULL,
	"reason" text NOT NULL,
	"approval_request_id" text NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seal_custodians_seq" UNIQUE("seal_id","seq")
);
--> statement-breakpoint
CREATE TABLE "seals"."specimen_cards" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "seals"."specimen_cards_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"unit_id" text NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"unit_kind" text,
	"unit_name" text,
	"effective_from" date NOT NULL,
	"unit_seal_imprint" text,
	"unit_seal_public_key_spki" "bytea",
	"representative_name" text,
	"representative_role" text,
	"representative_imprint" text,
	"representative_public_key_spki" "bytea",
	"documents" jsonb NOT NULL,
	"approval_request_id" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "specimen_cards_version" UNIQUE("treasury_id","unit_id","version"),
	CONSTRAINT "specimen_cards_action" CHECK ("seals"."specimen_cards"."action" in ('new', 'change', 'revoke')),
	CONSTRAINT "specimen_cards_seals" CHECK ("seals"."specimen_cards"."action" = 'revoke' or ("seals"."specimen_cards"."unit_seal_imprint" is not null and "seals"."specimen_cards"."representative_imprint" is not null and "seals"."specimen_cards"."unit_kind" is not null))
);
--> statement-breakpoint
ALTER TABLE "seals"."seals" ADD COLUMN "approval_request_id" text;--> statement-breakpoint
ALTER TABLE "seals"."seal_uses" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "seals"."seal_custodians" ADD CONSTRAINT "seal_custodians_seal" FOREIGN KEY ("seal_id") REFERENCES "seals"."seals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "seal_uses_by_seal" ON "seals"."seal_uses" USING btree ("seal_id","signed_at");--> statement-breakpoint
ALTER TABLE "seals"."seal_uses" ADD CONSTRAINT "seal_uses_idempotency" UNIQUE("seal_id","user_id","idempotency_key");--> statement-breakpoint
-- Handovers and specimen cards are records too: a change is a new row (a new version), never an UPDATE.
CREATE TRIGGER seal_custodians_append_only BEFORE UPDATE OR DELETE ON seals.seal_custodians FOR EACH ROW EXECUTE FUNCTION seals.refuse_change();
--> statement-breakpoint
CREATE TRIGGER seal_custodians_no_truncate BEFORE TRUNCATE ON seals.seal_custodians FOR EACH STATEMENT EXECUTE FUNCTION seals.refuse_change();
--> statement-breakpoint
CREATE TRIGGER specimen_cards_append_only BEFORE UPDATE OR DELETE ON seals.specimen_cards FOR EACH ROW EXECUTE FUNCTION seals.refuse_change();
--> statement-breakpoint
CREATE TRIGGER specimen_cards_no_truncate BEFORE TRUNCATE ON seals.specimen_cards FOR EACH STATEMENT EXECUTE FUNCTION seals.refuse_change();
