CREATE TABLE "debt_redemption"."destructions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "debt_redemption"."destructions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"claim_id" bigint NOT NULL,
	"treasury_id" text NOT NULL,
	"face_value" numeric(20, 2) NOT NULL,
	"witnesses" text[] NOT NULL,
	"document" text NOT NULL,
	"voucher_id" bigint NOT NULL,
	"approval_request_id" text NOT NULL,
	"business_date" date NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "destructions_claim" UNIQUE("claim_id")
);
--> statement-breakpoint
CREATE TABLE "debt_redemption"."vault_handovers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "debt_redemption"."vault_handovers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"claim_id" bigint NOT NULL,
	"treasury_id" text NOT NULL,
	"vault_receipt" text NOT NULL,
	"received_by" text NOT NULL,
	"approval_request_id" text NOT NULL,
	"business_date" date NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vault_handovers_claim" UNIQUE("claim_id")
);
--> statement-breakpoint
CREATE TRIGGER vault_handovers_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON debt_redemption.vault_handovers FOR EACH STATEMENT EXECUTE FUNCTION debt_redemption.refuse_change();
--> statement-breakpoint
CREATE TRIGGER destructions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON debt_redemption.destructions FOR EACH STATEMENT EXECUTE FUNCTION debt_redemption.refuse_change();
