CREATE SCHEMA IF NOT EXISTS "approvals";
--> statement-breakpoint
CREATE TABLE "approvals"."requests" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "approvals"."requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"treasury_id" text NOT NULL,
	"target" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"documents" jsonb NOT NULL,
	"amount" numeric(20, 2),
	"key_elements" jsonb,
	"initiator" jsonb NOT NULL,
	"initiator_id" text NOT NULL,
	"route" text[] NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"result" jsonb,
	"rejection_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "requests_status" CHECK ("approvals"."requests"."status" in ('pending', 'executed', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "approvals"."steps" (
	"request_id" bigint NOT NULL,
	"step_no" integer NOT NULL,
	"step" text NOT NULL,
	"actor_id" text NOT NULL,
	"actor_login" text NOT NULL,
	"decision" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"acted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "steps_request_id_step_no_pk" PRIMARY KEY("request_id","step_no"),
	CONSTRAINT "steps_decision" CHECK ("approvals"."steps"."decision" in ('approved', 'rejected'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "requests_idempotency" ON "approvals"."requests" USING btree ("treasury_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "requests_one_pending_per_target" ON "approvals"."requests" USING btree ("kind","treasury_id","target") WHERE "approvals"."requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "requests_register" ON "approvals"."requests" USING btree ("treasury_id","status","created_at");--> statement-breakpoint
CREATE INDEX "steps_actor" ON "approvals"."steps" USING btree ("actor_id","acted_at");