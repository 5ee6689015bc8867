CREATE TABLE "reconciliation"."handover_items" (
	"handover_id" bigint NOT NULL,
	"statement_id" bigint NOT NULL,
	CONSTRAINT "handover_items_statement" UNIQUE("statement_id")
);
--> statement-breakpoint
CREATE TABLE "reconciliation"."handovers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reconciliation"."handovers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"handed_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER handovers_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON reconciliation.handovers FOR EACH STATEMENT EXECUTE FUNCTION reconciliation.refuse_change();
--> statement-breakpoint
CREATE TRIGGER handover_items_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON reconciliation.handover_items FOR EACH STATEMENT EXECUTE FUNCTION reconciliation.refuse_change();
