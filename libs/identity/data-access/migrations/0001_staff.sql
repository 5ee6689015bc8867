CREATE TABLE "identity"."handover_items" (
	"handover_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	CONSTRAINT "handover_items_handover_id_seq_pk" PRIMARY KEY("handover_id","seq")
);
--> statement-breakpoint
CREATE TABLE "identity"."handovers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "identity"."handovers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"post" text NOT NULL,
	"from_user_id" bigint NOT NULL,
	"to_user_id" bigint NOT NULL,
	"supervisor_user_id" bigint NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "handovers_status" CHECK ("identity"."handovers"."status" in ('open', 'completed')),
	CONSTRAINT "handovers_completed_at" CHECK (("identity"."handovers"."status" = 'completed') = ("identity"."handovers"."completed_at" is not null)),
	CONSTRAINT "handovers_distinct_people" CHECK ("identity"."handovers"."from_user_id" <> "identity"."handovers"."to_user_id" and "identity"."handovers"."supervisor_user_id" not in ("identity"."handovers"."from_user_id", "identity"."handovers"."to_user_id"))
);
--> statement-breakpoint
CREATE TABLE "identity"."leaves" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "identity"."leaves_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"kind" text NOT NULL,
	"recorded_by" bigint NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "leaves_period" CHECK ("identity"."leaves"."from_date" <= "identity"."leaves"."to_date"),
	CONSTRAINT "leaves_kind" CHECK ("identity"."leaves"."kind" in ('annual', 'forced', 'other'))
);
--> statement-breakpoint
CREATE TABLE "identity"."staff_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "identity"."staff_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"treasury_id" text NOT NULL,
	"user_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by_user_id" bigint,
	CONSTRAINT "staff_changes_kind" CHECK ("identity"."staff_changes"."kind" in ('joined', 'posts_assigned', 'handover_started', 'handover_completed', 'leave_recorded'))
);
--> statement-breakpoint
ALTER TABLE "identity"."users" ADD COLUMN "password_hash" text;--> statement-breakpoint
ALTER TABLE "identity"."users" ADD COLUMN "password_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "identity"."handover_items" ADD CONSTRAINT "handover_items_handover_id_handovers_id_fk" FOREIGN KEY ("handover_id") REFERENCES "identity"."handovers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."handovers" ADD CONSTRAINT "handovers_from_user_id_users_id_fk" FOREIGN KEY ("from_user_id") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."handovers" ADD CONSTRAINT "handovers_to_user_id_users_id_fk" FOREIGN KEY ("to_user_id") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."handovers" ADD CONSTRAINT "handovers_supervisor_user_id_users_id_fk" FOREIGN KEY ("supervisor_user_id") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."leaves" ADD CONSTRAINT "leaves_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."leaves" ADD CONSTRAINT "leaves_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."staff_changes" ADD CONSTRAINT "staff_changes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."staff_changes" ADD CONSTRAINT "staff_changes_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "handovers_one_open_per_post" ON "identity"."handovers" USING btree ("from_user_id","post") WHERE "identity"."handovers"."status" = 'open';--> statement-breakpoint
CREATE INDEX "handovers_treasury" ON "identity"."handovers" USING btree ("treasury_id","id");--> statement-breakpoint
CREATE INDEX "handovers_to_user" ON "identity"."handovers" USING btree ("to_user_id");--> statement-breakpoint
CREATE INDEX "leaves_user" ON "identity"."leaves" USING btree ("user_id","to_date");--> statement-breakpoint
CREATE INDEX "staff_changes_treasury" ON "identity"."staff_changes" USING btree ("treasury_id","id");--> statement-breakpoint
ALTER TABLE "identity"."users" ADD CONSTRAINT "users_password_complete" CHECK (("identity"."users"."password_hash" is null) = ("identity"."users"."password_changed_at" is null));--> statement-breakpoint
ALTER TABLE "identity"."users" ADD CONSTRAINT "users_password_is_scrypt" CHECK ("identity"."users"."password_hash" ~ '^scrypt[$]');