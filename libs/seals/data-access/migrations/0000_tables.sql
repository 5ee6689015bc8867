CREATE SCHEMA IF NOT EXISTS "seals";
--> statement-breakpoint
CREATE TABLE "seals"."seal_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "seals"."seal_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"seal_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"status" text NOT NULL,
	"actor_user_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seal_events_seq" UNIQUE("seal_id","seq"),
	CONSTRAINT "seal_events_status" CHECK ("seals"."seal_events"."status" in ('registered', 'in_use', 'stopped', 'sealed_away', 'destroyed'))
);
--> statement-breakpoint
CREATE TABLE "seals"."seal_keys" (
	"seal_id" bigint PRIMARY KEY NOT NULL,
	"encryption_key_id" text NOT NULL,
	"iv" "bytea" NOT NULL,
	"ciphertext" "bytea" NOT NULL,
	"auth_tag" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "seals"."seals" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "seals"."seals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"custodian_user_id" text NOT NULL,
	"imprint" text NOT NULL,
	"algorithm" text NOT NULL,
	"public_key_spki" "bytea" NOT NULL,
	"registered_by" text NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seals_kind" CHECK ("seals"."seals"."kind" in ('national_treasury', 'business', 'transfer_done', 'same_city_clearing', 'personal_name')),
	CONSTRAINT "seals_algorithm" CHECK ("seals"."seals"."algorithm" in ('sm2_sm3', 'ed25519')),
	CONSTRAINT "seals_imprint" CHECK (length(trim("seals"."seals"."imprint")) > 0)
);
--> statement-breakpoint
CREATE TABLE "seals"."seal_uses" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "seals"."seal_uses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"seal_id" bigint NOT NULL,
	"user_id" text NOT NULL,
	"document_reference" text NOT NULL,
	"content_hash" "bytea" NOT NULL,
	"signed_at" timestamp (3) with time zone NOT NULL,
	"signature" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "seals"."seal_events" ADD CONSTRAINT "seal_events_seal" FOREIGN KEY ("seal_id") REFERENCES "seals"."seals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seals"."seal_keys" ADD CONSTRAINT "seal_keys_seal" FOREIGN KEY ("seal_id") REFERENCES "seals"."seals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seals"."seal_uses" ADD CONSTRAINT "seal_uses_seal" FOREIGN KEY ("seal_id") REFERENCES "seals"."seals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- The registry, its history, the keys and every use are never rewritten (R70, R81: the impression is kept
-- forever; R82: every use is registered). A status change is a new seal_events row, never an UPDATE.
CREATE FUNCTION seals.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'seals.% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'record a new seal event instead';
END $$;
--> statement-breakpoint
CREATE TRIGGER seals_append_only BEFORE UPDATE OR DELETE ON seals.seals FOR EACH ROW EXECUTE FUNCTION seals.refuse_change();
--> statement-breakpoint
CREATE TRIGGER seals_no_truncate BEFORE TRUNCATE ON seals.seals FOR EACH STATEMENT EXECUTE FUNCTION seals.refuse_change();
--> statement-breakpoint
CREATE TRIGGER seal_events_append_only BEFORE UPDATE OR DELETE ON seals.seal_events FOR EACH ROW EXECUTE FUNCTION seals.refuse_change();
--> statement-breakpoint
CREATE TRIGGER seal_events_no_truncate BEFORE TRUNCATE ON seals.seal_events FOR EACH STATEMENT EXECUTE FUNCTION seals.refuse_change();
--> statement-breakpoint
CREATE TRIGGER seal_keys_append_only BEFORE UPDATE OR DELETE ON seals.seal_keys FOR EACH ROW EXECUTE FUNCTION seals.refuse_change();
--> statement-breakpoint
CREATE TRIGGER seal_keys_no_truncate BEFORE TRUNCATE ON seals.seal_keys FOR EACH STATEMENT EXECUTE FUNCTION seals.refuse_change();
--> statement-breakpoint
CREATE TRIGGER seal_uses_append_only BEFORE UPDATE OR DELETE ON seals.seal_uses FOR EACH ROW EXECUTE FUNCTION seals.refuse_change();
--> statement-breakpoint
CREATE TRIGGER seal_uses_no_truncate BEFORE TRUNCATE ON seals.seal_uses FOR EACH STATEMENT EXECUTE FUNCTION seals.refuse_change();
