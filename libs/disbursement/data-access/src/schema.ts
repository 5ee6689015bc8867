import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, numeric, pgSchema, text, timestamp, unique } from 'drizzle-orm/pg-core';

/** The disbursement context's own schema: plans, quotas, payments made, what they used, payment instructions. */
export const disbursement = pgSchema('disbursement');

const money = (name: string) => numeric(name, { precision: 20, scale: 2 });
const id = () => bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity();
const recordedAt = () => timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow();

/**
 * Budget expenditure plans (年度财政预算支出计划) and their supplements (追加计划) as the finance bureau sends them
 * (R37): per year, function code and economic code ('' for any); the plan is the sum of its lines. A document is
 * sent once: its lines are unique by key.
 */
export const planLines = disbursement.table(
  'plan_lines',
  {
    id: id(),
    treasuryId: text('treasury_id').notNull(),
    bureauCode: text('bureau_code').notNull(),
    year: integer('year').notNull(),
    kind: text('kind').notNull(),
    document: text('document').notNull(),
    functionCode: text('function_code').notNull(),
    economicCode: text('economic_code').notNull(),
    amount: money('amount').notNull(),
    sentBy: text('sent_by').notNull(),
    recordedAt: recordedAt(),
  },
  (t) => [
    unique('plan_lines_document').on(t.bureauCode, t.document, t.functionCode, t.economicCode),
    index('plan_lines_by_key').on(t.bureauCode, t.year, t.functionCode, t.economicCode),
    check('plan_lines_kind', sql`${t.kind} in ('plan', 'supplement')`),
    check('plan_lines_positive', sql`${t.amount} > 0`),
  ],
);

/** Quotas (用款额度) the finance bureau issues to an agency bank per budget unit, year and codes (R39(2)). */
export const quotas = disbursement.table(
  'quotas',
  {
    id: id(),
    treasuryId: text('treasury_id').notNull(),
    bureauCode: text('bureau_code').notNull(),
    agencyBankCode: text('agency_bank_code').notNull(),
    budgetUnitCode: text('budget_unit_code').notNull(),
    year: integer('year').notNull(),
    document: text('document').notNull(),
    functionCode: text('function_code').notNull(),
    economicCode: text('economic_code').notNull(),
    amount: money('amount').notNull(),
    sentBy: text('sent_by').notNull(),
    recordedAt: recordedAt(),
  },
  (t) => [
    unique('quotas_document').on(t.bureauCode, t.document, t.agencyBankCode, t.budgetUnitCode, t.functionCode, t.economicCode),
    index('quotas_by_key').on(t.agencyBankCode, t.budgetUnitCode, t.year, t.functionCode, t.economicCode),
    check('quotas_positive', sql`${t.amount} > 0`),
  ],
);

/**
 * The register of payments made (库款支拨登记): one row per executed appropriation or clearing request, written
 * with its voucher in the final approval's transaction; a voucher is paid once per sender.
 */
export const payments = disbursement.table(
  'payments',
  {
    id: id(),
    treasuryId: text('treasury_id').notNull(),
    kind: text('kind').notNull(),
    bureauCode: text('bureau_code').notNull(),
    /** '' for an appropriation. */
    agencyBankCode: text('agency_bank_code').notNull(),
    voucherNumber: text('voucher_number').notNull(),
    voucherDate: date('voucher_date', { mode: 'string' }).notNull(),
    payeeName: text('payee_name').notNull(),
    payeeAccount: text('payee_account').notNull(),
    bankCode: text('bank_code').notNull(),
    payeeKind: text('payee_kind').notNull(),
    amount: money('amount').notNull(),
    /** [{ budgetUnitCode, functionCode, economicCode, amount }] */
    lines: jsonb('lines').notNull(),
    /** The bureau's account debited (its level's treasury deposit). */
    accountNumber: text('account_number').notNull(),
    voucherId: bigint('voucher_id', { mode: 'bigint' }).notNull(),
    approvalRequestId: text('approval_request_id').notNull(),
    /** The business day the request was received (entered) and the one it was paid on (R36). */
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    recordedAt: recordedAt(),
  },
  (t) => [
    unique('payments_voucher').on(t.kind, t.bureauCode, t.agencyBankCode, t.voucherNumber),
    unique('payments_request').on(t.approvalRequestId),
    index('payments_by_day').on(t.treasuryId, t.businessDate),
    check('payments_kind', sql`${t.kind} in ('appropriation', 'clearing')`),
    check('payments_positive', sql`${t.amount} > 0`),
  ],
);

/**
 * What each payment drew on a plan line's key or a quota, signed (a returned payment gives it back): the plan
 * or quota left is its lines less these. Written under the key's lock with the payment.
 */
export const usages = disbursement.table(
  'usages',
  {
    id: id(),
    paymentId: bigint('payment_id', { mode: 'bigint' }).notNull(),
    limitKind: text('limit_kind').notNull(),
    bureauCode: text('bureau_code').notNull(),
    /** '' for a plan. */
    agencyBankCode: text('agency_bank_code').notNull(),
    budgetUnitCode: text('budget_unit_code').notNull(),
    year: integer('year').notNull(),
    functionCode: text('function_code').notNull(),
    economicCode: text('economic_code').notNull(),
    amount: money('amount').notNull(),
    recordedAt: recordedAt(),
  },
  (t) => [
    index('usages_by_plan').on(t.bureauCode, t.year, t.functionCode, t.economicCode),
    index('usages_by_quota').on(t.agencyBankCode, t.budgetUnitCode, t.year, t.functionCode, t.economicCode),
    check('usages_kind', sql`${t.limitKind} in ('plan', 'quota')`),
    check('usages_not_zero', sql`${t.amount} <> 0`),
  ],
);

/**
 * Payment instructions (R53): one per released payment, written in its transaction (an outbox: the dispatcher
 * sends what has no `sent` event after the transaction commits, so a payment is never sent without being booked).
 * Another context's payment (a bond redemption's) queues its instruction here too, named by `source` and
 * `sourceRef` instead of a disbursement payment.
 */
export const instructions = disbursement.table(
  'instructions',
  {
    id: id(),
    paymentId: bigint('payment_id', { mode: 'bigint' }),
    source: text('source').notNull().default('disbursement'),
    sourceRef: text('source_ref'),
    treasuryId: text('treasury_id').notNull(),
    channel: text('channel').notNull(),
    payeeName: text('payee_name').notNull(),
    payeeAccount: text('payee_account').notNull(),
    bankCode: text('bank_code').notNull(),
    amount: money('amount').notNull(),
    recordedAt: recordedAt(),
  },
  (t) => [
    unique('instructions_payment').on(t.paymentId),
    unique('instructions_source').on(t.source, t.sourceRef),
    check('instructions_channel', sql`${t.channel} in ('cnaps', 'internal', 'same_city')`),
    check('instructions_origin', sql`(${t.paymentId} is not null) = (${t.source} = 'disbursement') and (${t.sourceRef} is null) = (${t.source} = 'disbursement')`),
  ],
);

/** What happened to an instruction, in order: sending failed (and is tried again), sent, then settled or returned. */
export const instructionEvents = disbursement.table(
  'instruction_events',
  {
    id: id(),
    instructionId: bigint('instruction_id', { mode: 'bigint' }).notNull(),
    status: text('status').notNull(),
    /** The channel's reference, or why sending failed or the payee's bank returned it. */
    detail: text('detail').notNull(),
    recordedAt: recordedAt(),
  },
  (t) => [
    index('instruction_events_by_instruction').on(t.instructionId, t.id),
    check('instruction_events_status', sql`${t.status} in ('failed', 'sent', 'settled', 'returned')`),
  ],
);

/** Returned payments (退汇) put back on the books: one per payment, after the supervisor approved it (R18(4)). */
export const paymentReturns = disbursement.table(
  'payment_returns',
  {
    id: id(),
    paymentId: bigint('payment_id', { mode: 'bigint' }).notNull(),
    treasuryId: text('treasury_id').notNull(),
    reason: text('reason').notNull(),
    amount: money('amount').notNull(),
    voucherId: bigint('voucher_id', { mode: 'bigint' }).notNull(),
    approvalRequestId: text('approval_request_id').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    recordedAt: recordedAt(),
  },
  (t) => [unique('payment_returns_payment').on(t.paymentId), unique('payment_returns_request').on(t.approvalRequestId)],
);

/**
 * Dynamic monitoring rules (动态监控): what holds a payment for the supervisor's documented decision. Versioned by
 * effective date, changed only through an approved request; the latest recorded for a kind and value wins.
 */
export const monitoringRules = disbursement.table(
  'monitoring_rules',
  {
    id: id(),
    jurisdictionId: text('jurisdiction_id').notNull(),
    kind: text('kind').notNull(),
    /** The threshold (amount_above), the account (payee_account), the word (payee_name_contains). */
    value: text('value').notNull(),
    active: boolean('active').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    approvalRequestId: text('approval_request_id').notNull(),
    recordedAt: recordedAt(),
  },
  (t) => [
    index('monitoring_rules_by_jurisdiction').on(t.jurisdictionId, t.effectiveFrom),
    check('monitoring_rules_kind', sql`${t.kind} in ('amount_above', 'payee_account', 'payee_name_contains')`),
  ],
);
