CREATE TABLE "approvals"."key_element_mismatches" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "approvals"."key_element_mismatches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"request_id" bigint NOT NULL,
	"actor_id" text NOT NULL,
	"fields" text[] NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approvals"."refusals" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "approvals"."refusals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"principal_id" text NOT NULL,
	"principal_login" text NOT NULL,
	"method" text NOT NULL,
	"reason" text NOT NULL,
	"message" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "key_element_mismatches_request" ON "approvals"."key_element_mismatches" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "refusals_treasury_day" ON "approvals"."refusals" USING btree ("treasury_id","at");--> statement-breakpoint
CREATE TRIGGER key_element_mismatches_append_only BEFORE UPDATE OR DELETE ON approvals.key_element_mismatches FOR EACH ROW EXECUTE FUNCTION approvals.refuse_change();
--> statement-breakpoint
CREATE TRIGGER refusals_append_only BEFORE UPDATE OR DELETE ON approvals.refusals FOR EACH ROW EXECUTE FUNCTION approvals.refuse_change();
