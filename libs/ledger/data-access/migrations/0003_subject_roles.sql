-- Each subject says what it is for, so that "who may post to it" is a rule on the role, not on codes.
-- Existing charts are the standard chart: its codes give the role; anything else is treated as an
-- inter-treasury subject, which only approved operations may post to.
ALTER TABLE "ledger"."subjects" ADD COLUMN "role" text;--> statement-breakpoint
UPDATE "ledger"."subjects" SET "role" = CASE
  WHEN "code" = '1011' THEN 'revenue'
  WHEN "code" = '1031' THEN 'suspense_payment'
  WHEN "code" = '1041' THEN 'inter_treasury'
  WHEN "code" = '1051' THEN 'clearing'
  WHEN "code" = '2021' THEN 'pending_settlement'
  WHEN "code" = '2031' THEN 'suspense_receipt'
  WHEN "code" = '5011' THEN 'interest_expense'
  WHEN "balance_sheet" = 'off' THEN 'custody'
  WHEN "is_deposit" THEN 'deposit'
  ELSE 'inter_treasury' END;--> statement-breakpoint
ALTER TABLE "ledger"."subjects" ALTER COLUMN "role" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger"."subjects" ADD CONSTRAINT "subjects_role" CHECK ("ledger"."subjects"."role" in ('revenue', 'deposit', 'clearing', 'suspense_payment', 'suspense_receipt', 'inter_treasury', 'pending_settlement', 'interest_expense', 'custody'));
