CREATE TABLE "ledger"."monthly_balances" (
	"account_id" bigint NOT NULL,
	"month" text NOT NULL,
	"treasury_id" text NOT NULL,
	"opening" numeric(20, 2) NOT NULL,
	"debit_turnover" numeric(20, 2) NOT NULL,
	"credit_turnover" numeric(20, 2) NOT NULL,
	"closing" numeric(20, 2) NOT NULL,
	CONSTRAINT "monthly_balances_account_id_month_pk" PRIMARY KEY("account_id","month")
);
--> statement-breakpoint
CREATE TABLE "ledger"."monthly_subject_balances" (
	"treasury_id" text NOT NULL,
	"month" text NOT NULL,
	"subject_code" text NOT NULL,
	"opening" numeric(20, 2) NOT NULL,
	"debit_turnover" numeric(20, 2) NOT NULL,
	"credit_turnover" numeric(20, 2) NOT NULL,
	"closing" numeric(20, 2) NOT NULL,
	CONSTRAINT "monthly_subject_balances_treasury_id_month_subject_code_pk" PRIMARY KEY("treasury_id","month","subject_code")
);
--> statement-breakpoint
CREATE INDEX "monthly_balances_treasury_month" ON "ledger"."monthly_balances" USING btree ("treasury_id","month");--> statement-breakpoint
CREATE TRIGGER monthly_balances_append_only BEFORE UPDATE OR DELETE ON ledger.monthly_balances FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
--> statement-breakpoint
CREATE TRIGGER monthly_balances_no_truncate BEFORE TRUNCATE ON ledger.monthly_balances FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();
--> statement-breakpoint
CREATE TRIGGER monthly_subject_balances_append_only BEFORE UPDATE OR DELETE ON ledger.monthly_subject_balances FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
--> statement-breakpoint
CREATE TRIGGER monthly_subject_balances_no_truncate BEFORE TRUNCATE ON ledger.monthly_subject_balances FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();
