CREATE TABLE "reconciliation"."resolutions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reconciliation"."resolutions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"difference_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"note" text NOT NULL,
	"correction_reference" text,
	"resolved_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resolutions_difference" UNIQUE("difference_id"),
	CONSTRAINT "resolutions_kind" CHECK ("reconciliation"."resolutions"."kind" in ('explained', 'corrected') and ("reconciliation"."resolutions"."kind" = 'explained') = ("reconciliation"."resolutions"."correction_reference" is null))
);
--> statement-breakpoint
CREATE TRIGGER resolutions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON reconciliation.resolutions FOR EACH STATEMENT EXECUTE FUNCTION reconciliation.refuse_change();
