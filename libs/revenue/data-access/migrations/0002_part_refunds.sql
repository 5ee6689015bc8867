CREATE TABLE "revenue"."part_refunds" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "revenue"."part_refunds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"business_date" date NOT NULL,
	"to_treasury_id" text NOT NULL,
	"level" text NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"reference" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "part_refunds_positive" CHECK ("revenue"."part_refunds"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "revenue"."remittances" DROP CONSTRAINT "remittances_positive";--> statement-breakpoint
CREATE INDEX "part_refunds_by_day" ON "revenue"."part_refunds" USING btree ("treasury_id","business_date");--> statement-breakpoint
ALTER TABLE "revenue"."remittances" ADD CONSTRAINT "remittances_not_zero" CHECK ("revenue"."remittances"."amount" <> 0);--> statement-breakpoint
CREATE TRIGGER part_refunds_append_only BEFORE UPDATE OR DELETE ON revenue.part_refunds FOR EACH ROW EXECUTE FUNCTION revenue.refuse_change();
--> statement-breakpoint
CREATE TRIGGER part_refunds_no_truncate BEFORE TRUNCATE ON revenue.part_refunds FOR EACH STATEMENT EXECUTE FUNCTION revenue.refuse_change();
