CREATE TABLE "seals"."valuable_movements" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "seals"."valuable_movements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"kind" text NOT NULL,
	"event" text NOT NULL,
	"first_serial" bigint NOT NULL,
	"last_serial" bigint NOT NULL,
	"holder_user_id" text,
	"document_reference" text,
	"reason" text,
	"witness_user_id" text,
	"destroyed_from" text,
	"voucher_id" bigint,
	"actor_user_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"recorded_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "valuable_movements_idempotency" UNIQUE("treasury_id","actor_user_id","idempotency_key"),
	CONSTRAINT "valuable_movements_event" CHECK ("seals"."valuable_movements"."event" in ('received', 'issued', 'used', 'voided', 'destroyed')),
	CONSTRAINT "valuable_movements_range" CHECK ("seals"."valuable_movements"."first_serial" >= 0 and "seals"."valuable_movements"."first_serial" <= "seals"."valuable_movements"."last_serial" and "seals"."valuable_movements"."last_serial" - "seals"."valuable_movements"."first_serial" < 100000),
	CONSTRAINT "valuable_movements_one_piece" CHECK ("seals"."valuable_movements"."event" not in ('used', 'voided') or "seals"."valuable_movements"."first_serial" = "seals"."valuable_movements"."last_serial"),
	CONSTRAINT "valuable_movements_holder" CHECK (("seals"."valuable_movements"."event" in ('issued', 'used', 'voided')) = ("seals"."valuable_movements"."holder_user_id" is not null)),
	CONSTRAINT "valuable_movements_destroyed" CHECK (("seals"."valuable_movements"."event" = 'destroyed') = ("seals"."valuable_movements"."destroyed_from" is not null and "seals"."valuable_movements"."witness_user_id" is not null)),
	CONSTRAINT "valuable_movements_destroyed_from" CHECK ("seals"."valuable_movements"."destroyed_from" in ('custody', 'voided')),
	CONSTRAINT "valuable_movements_reason" CHECK (("seals"."valuable_movements"."event" in ('voided', 'destroyed')) = ("seals"."valuable_movements"."reason" is not null))
);
--> statement-breakpoint
CREATE INDEX "valuable_movements_by_kind" ON "seals"."valuable_movements" USING btree ("treasury_id","kind","event");--> statement-breakpoint
-- The register of blank vouchers and valuable documents is a record too (R27): a movement is a new row, never an UPDATE.
CREATE TRIGGER valuable_movements_append_only BEFORE UPDATE OR DELETE ON seals.valuable_movements FOR EACH ROW EXECUTE FUNCTION seals.refuse_change();
--> statement-breakpoint
CREATE TRIGGER valuable_movements_no_truncate BEFORE TRUNCATE ON seals.valuable_movements FOR EACH STATEMENT EXECUTE FUNCTION seals.refuse_change();
