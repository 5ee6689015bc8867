CREATE SCHEMA IF NOT EXISTS "refunds";
--> statement-breakpoint
CREATE TABLE "refunds"."refunds" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "refunds"."refunds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"business_date" date NOT NULL,
	"receipt_authority_code" text,
	"receipt_message_id" text,
	"export_plan_reference" text,
	"authority_code" text NOT NULL,
	"authority_kind" text NOT NULL,
	"approval_document" text NOT NULL,
	"approval_date" date NOT NULL,
	"refund_voucher_number" text NOT NULL,
	"application_reference" text NOT NULL,
	"payee_name" text NOT NULL,
	"payee_account" text NOT NULL,
	"bank_code" text NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"reason" text NOT NULL,
	"parts" jsonb NOT NULL,
	"voucher_id" bigint NOT NULL,
	"approval_request_id" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refunds_voucher_number" UNIQUE("authority_code","refund_voucher_number"),
	CONSTRAINT "refunds_request" UNIQUE("approval_request_id"),
	CONSTRAINT "refunds_positive" CHECK ("refunds"."refunds"."amount" > 0),
	CONSTRAINT "refunds_original" CHECK (("refunds"."refunds"."receipt_message_id" is null) = ("refunds"."refunds"."receipt_authority_code" is null) and ("refunds"."refunds"."receipt_message_id" is null) <> ("refunds"."refunds"."export_plan_reference" is null))
);
--> statement-breakpoint
CREATE INDEX "refunds_by_receipt" ON "refunds"."refunds" USING btree ("receipt_authority_code","receipt_message_id");--> statement-breakpoint
CREATE INDEX "refunds_by_day" ON "refunds"."refunds" USING btree ("treasury_id","business_date");--> statement-breakpoint
-- The register is a record (R70): a refund made is never rewritten or removed.
CREATE FUNCTION refunds.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'refunds.% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'record a new row instead';
END $$;
--> statement-breakpoint
CREATE TRIGGER refunds_append_only BEFORE UPDATE OR DELETE ON refunds.refunds FOR EACH ROW EXECUTE FUNCTION refunds.refuse_change();
--> statement-breakpoint
CREATE TRIGGER refunds_no_truncate BEFORE TRUNCATE ON refunds.refunds FOR EACH STATEMENT EXECUTE FUNCTION refunds.refuse_change();
