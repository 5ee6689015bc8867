-- Posted data never changes (R70): corrections are red reversals plus blue entries, never UPDATE/DELETE.
-- Enforced here as well as in code, so a mistaken script or a hand-typed statement cannot rewrite the books.
CREATE FUNCTION ledger.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger.% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'post a red reversal and a blue correction instead';
END $$;
--> statement-breakpoint
CREATE TRIGGER vouchers_append_only BEFORE UPDATE OR DELETE ON ledger.vouchers FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
--> statement-breakpoint
CREATE TRIGGER vouchers_no_truncate BEFORE TRUNCATE ON ledger.vouchers FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();
--> statement-breakpoint
CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON ledger.entries FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
--> statement-breakpoint
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON ledger.entries FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();
--> statement-breakpoint
CREATE TRIGGER daily_balances_append_only BEFORE UPDATE OR DELETE ON ledger.daily_balances FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
--> statement-breakpoint
CREATE TRIGGER daily_balances_no_truncate BEFORE TRUNCATE ON ledger.daily_balances FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();
--> statement-breakpoint
CREATE TRIGGER daily_subject_balances_append_only BEFORE UPDATE OR DELETE ON ledger.daily_subject_balances FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
--> statement-breakpoint
CREATE TRIGGER daily_subject_balances_no_truncate BEFORE TRUNCATE ON ledger.daily_subject_balances FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();
--> statement-breakpoint
-- A closed day stays closed: the only change a business day may see is open -> closed.
CREATE FUNCTION ledger.guard_business_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.status <> 'open' OR NEW.status <> 'closed' OR NEW.date <> OLD.date OR NEW.treasury_id <> OLD.treasury_id THEN
    RAISE EXCEPTION 'ledger.business_days: a day only goes from open to closed, never back'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER business_days_forward_only BEFORE UPDATE OR DELETE ON ledger.business_days FOR EACH ROW EXECUTE FUNCTION ledger.guard_business_day();
