-- The register (登记簿) is permanent: steps are never changed, and a request only leaves "pending" once.
CREATE FUNCTION approvals.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'approvals.% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER steps_append_only BEFORE UPDATE OR DELETE ON approvals.steps FOR EACH ROW EXECUTE FUNCTION approvals.refuse_change();
--> statement-breakpoint
CREATE FUNCTION approvals.guard_request() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.status <> 'pending'
     OR (NEW.kind, NEW.treasury_id, NEW.target, NEW.payload, NEW.initiator_id, NEW.route)
        IS DISTINCT FROM (OLD.kind, OLD.treasury_id, OLD.target, OLD.payload, OLD.initiator_id, OLD.route) THEN
    RAISE EXCEPTION 'approvals.requests: only a pending request changes, and only its outcome'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER requests_outcome_only BEFORE UPDATE OR DELETE ON approvals.requests FOR EACH ROW EXECUTE FUNCTION approvals.guard_request();
