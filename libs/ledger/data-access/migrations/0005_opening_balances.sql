-- A treasury going live mid-year: the balances and carried-in 计息积数 it brings, entered once (R48).
CREATE TABLE "ledger"."opening_balances" (
	"account_id" bigint PRIMARY KEY NOT NULL,
	"treasury_id" text NOT NULL,
	"balance" numeric(20, 2) NOT NULL,
	"carried_accumulation" numeric(24, 2),
	"accumulation_through" date NOT NULL,
	"voucher_id" bigint NOT NULL,
	"approval_request_id" bigint NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opening_balances_balance" CHECK ("ledger"."opening_balances"."balance" >= 0),
	CONSTRAINT "opening_balances_carried_accumulation" CHECK ("ledger"."opening_balances"."carried_accumulation" >= 0)
);
--> statement-breakpoint
CREATE INDEX "opening_balances_treasury" ON "ledger"."opening_balances" USING btree ("treasury_id");--> statement-breakpoint
-- What a treasury brought onto Jinku is a record of the books like its vouchers: it never changes (R70).
CREATE TRIGGER opening_balances_append_only BEFORE UPDATE OR DELETE ON ledger.opening_balances FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
--> statement-breakpoint
CREATE TRIGGER opening_balances_no_truncate BEFORE TRUNCATE ON ledger.opening_balances FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();
