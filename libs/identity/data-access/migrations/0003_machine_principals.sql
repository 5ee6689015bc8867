CREATE TABLE "identity"."principal_keys" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "identity"."principal_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"principal_id" bigint NOT NULL,
	"key_hash" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_by" bigint,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "principal_keys_key_hash" UNIQUE("key_hash"),
	CONSTRAINT "principal_keys_hash_is_sha256" CHECK ("identity"."principal_keys"."key_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "identity"."principals" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "identity"."principals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"scopes" text[] NOT NULL,
	"approval_request_id" bigint NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "principals_name" UNIQUE("name"),
	CONSTRAINT "principals_kind" CHECK ("identity"."principals"."kind" in ('tax_link', 'agency_bank', 'finance_bureau'))
);
--> statement-breakpoint
ALTER TABLE "identity"."principal_keys" ADD CONSTRAINT "principal_keys_principal_id_principals_id_fk" FOREIGN KEY ("principal_id") REFERENCES "identity"."principals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."principal_keys" ADD CONSTRAINT "principal_keys_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "principal_keys_principal" ON "identity"."principal_keys" USING btree ("principal_id");--> statement-breakpoint
CREATE TRIGGER principals_append_only BEFORE UPDATE OR DELETE ON identity.principals FOR EACH ROW EXECUTE FUNCTION identity.refuse_change();
--> statement-breakpoint
CREATE FUNCTION identity.guard_principal_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL
     OR (NEW.principal_id, NEW.key_hash, NEW.issued_at, NEW.issued_by) IS DISTINCT FROM (OLD.principal_id, OLD.key_hash, OLD.issued_at, OLD.issued_by) THEN
    RAISE EXCEPTION 'identity.principal_keys: a key is only ever revoked, nothing else changes'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER principal_keys_revoke_only BEFORE UPDATE OR DELETE ON identity.principal_keys FOR EACH ROW EXECUTE FUNCTION identity.guard_principal_key();
