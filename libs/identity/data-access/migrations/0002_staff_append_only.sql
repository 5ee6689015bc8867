-- The staff record is evidence (R12–R14): changes, handover items and leave are written once and never
-- rewritten; a handover only goes from open to completed. Enforced here as well as in code.
CREATE FUNCTION identity.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'identity.% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER staff_changes_append_only BEFORE UPDATE OR DELETE ON identity.staff_changes FOR EACH ROW EXECUTE FUNCTION identity.refuse_change();
--> statement-breakpoint
CREATE TRIGGER staff_changes_no_truncate BEFORE TRUNCATE ON identity.staff_changes FOR EACH STATEMENT EXECUTE FUNCTION identity.refuse_change();
--> statement-breakpoint
CREATE TRIGGER handover_items_append_only BEFORE UPDATE OR DELETE ON identity.handover_items FOR EACH ROW EXECUTE FUNCTION identity.refuse_change();
--> statement-breakpoint
CREATE TRIGGER handover_items_no_truncate BEFORE TRUNCATE ON identity.handover_items FOR EACH STATEMENT EXECUTE FUNCTION identity.refuse_change();
--> statement-breakpoint
CREATE TRIGGER leaves_append_only BEFORE UPDATE OR DELETE ON identity.leaves FOR EACH ROW EXECUTE FUNCTION identity.refuse_change();
--> statement-breakpoint
CREATE TRIGGER leaves_no_truncate BEFORE TRUNCATE ON identity.leaves FOR EACH STATEMENT EXECUTE FUNCTION identity.refuse_change();
--> statement-breakpoint
CREATE FUNCTION identity.guard_handover() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.status <> 'open' OR NEW.status <> 'completed'
     OR (NEW.treasury_id, NEW.post, NEW.from_user_id, NEW.to_user_id, NEW.supervisor_user_id, NEW.started_at)
        IS DISTINCT FROM (OLD.treasury_id, OLD.post, OLD.from_user_id, OLD.to_user_id, OLD.supervisor_user_id, OLD.started_at) THEN
    RAISE EXCEPTION 'identity.handovers: a handover only goes from open to completed, nothing else changes'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER handovers_forward_only BEFORE UPDATE OR DELETE ON identity.handovers FOR EACH ROW EXECUTE FUNCTION identity.guard_handover();
