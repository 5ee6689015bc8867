CREATE TABLE "identity"."sign_in_failures" (
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"failures" integer NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sign_in_failures_kind_subject_pk" PRIMARY KEY("kind","subject"),
	CONSTRAINT "sign_in_failures_kind" CHECK ("identity"."sign_in_failures"."kind" in ('login', 'address')),
	CONSTRAINT "sign_in_failures_not_negative" CHECK ("identity"."sign_in_failures"."failures" >= 0)
);
--> statement-breakpoint
ALTER TABLE "identity"."staff_changes" DROP CONSTRAINT "staff_changes_kind";--> statement-breakpoint
ALTER TABLE "identity"."staff_changes" ADD CONSTRAINT "staff_changes_kind" CHECK ("identity"."staff_changes"."kind" in ('joined', 'posts_assigned', 'handover_started', 'handover_completed', 'leave_recorded', 'login_unlocked'));