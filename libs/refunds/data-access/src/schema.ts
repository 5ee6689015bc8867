import { sql } from 'drizzle-orm';
import { bigint, check, date, index, jsonb, numeric, pgSchema, text, timestamp, unique } from 'drizzle-orm/pg-core';

/** The refunds context's own schema: the register of refunds made. */
export const refunds = pgSchema('refunds');

/**
 * The register of refunds (退库登记, R33–R34): one row per executed `revenue_refund` request, written in the
 * final approval's transaction with the voucher it posted. Append-only. Each level's share is kept, so what is
 * left of a receipt is its parts less its refunds' shares; a refund voucher is used once per authority.
 */
export const refundRegister = refunds.table(
  'refunds',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    treasuryId: text('treasury_id').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    /** The receipt refunded (its collecting authority and message id), or null for an export refund by plan. */
    receiptAuthorityCode: text('receipt_authority_code'),
    receiptMessageId: text('receipt_message_id'),
    exportPlanReference: text('export_plan_reference'),
    authorityCode: text('authority_code').notNull(),
    authorityKind: text('authority_kind').notNull(),
    approvalDocument: text('approval_document').notNull(),
    approvalDate: date('approval_date', { mode: 'string' }).notNull(),
    refundVoucherNumber: text('refund_voucher_number').notNull(),
    applicationReference: text('application_reference').notNull(),
    payeeName: text('payee_name').notNull(),
    payeeAccount: text('payee_account').notNull(),
    bankCode: text('bank_code').notNull(),
    amount: numeric('amount', { precision: 20, scale: 2 }).notNull(),
    reason: text('reason').notNull(),
    /** [{ level, amount, accountNumber, treasuryId }]: each level's share and the account it was taken from. */
    parts: jsonb('parts').notNull(),
    voucherId: bigint('voucher_id', { mode: 'bigint' }).notNull(),
    approvalRequestId: text('approval_request_id').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('refunds_voucher_number').on(t.authorityCode, t.refundVoucherNumber),
    unique('refunds_request').on(t.approvalRequestId),
    index('refunds_by_receipt').on(t.receiptAuthorityCode, t.receiptMessageId),
    index('refunds_by_day').on(t.treasuryId, t.businessDate),
    check('refunds_positive', sql`${t.amount} > 0`),
    // A receipt or an export plan, never both.
    check('refunds_original', sql`(${t.receiptMessageId} is null) = (${t.receiptAuthorityCode} is null) and (${t.receiptMessageId} is null) <> (${t.exportPlanReference} is null)`),
  ],
);
