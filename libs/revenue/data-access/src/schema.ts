import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, numeric, pgSchema, text, timestamp, unique } from 'drizzle-orm/pg-core';

/** The revenue context's own schema: sharing parameters, the regions treasuries serve, and every receipt taken in. */
export const revenue = pgSchema('revenue');

/**
 * Sharing parameters (体制分成参数, R31, R19(1)) of a jurisdiction: per revenue code (a prefix: 3 to 9 digits)
 * and optionally a region, each level's percent, in force from a date; recorded only by an approved request.
 * Append-only: a correction is a new row for the same code, region and date, and the latest recorded wins.
 */
export const sharingRules = revenue.table(
  'sharing_rules',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    jurisdictionId: text('jurisdiction_id').notNull(),
    revenueCode: text('revenue_code').notNull(),
    /** Six-digit administrative region; null: any region. */
    region: text('region'),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    /** [{ level, percent }], percents as decimal strings summing to 100. */
    shares: jsonb('shares').notNull(),
    approvalRequestId: text('approval_request_id').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sharing_rules_by_jurisdiction').on(t.jurisdictionId, t.revenueCode)],
);

/** Which treasury serves which region (a district sub-treasury its district; the branch the city itself). */
export const regions = revenue.table('regions', {
  region: text('region').primaryKey(),
  treasuryId: text('treasury_id').notNull(),
  name: text('name').notNull(),
});

/**
 * Every receipt (缴款书) taken in, with its division: written in the same transaction as its voucher, posted
 * under a system key made of the authority and message, so a retry answers the first result. The voucher's
 * content hash covers every field of the receipt, so the same message with other content is refused.
 */
export const receipts = revenue.table(
  'receipts',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    treasuryId: text('treasury_id').notNull(),
    authorityCode: text('authority_code').notNull(),
    messageId: text('message_id').notNull(),
    principalId: text('principal_id').notNull(),
    revenueCode: text('revenue_code').notNull(),
    designation: text('designation').notNull(),
    region: text('region').notNull(),
    payerName: text('payer_name').notNull(),
    payerAccount: text('payer_account').notNull(),
    amount: numeric('amount', { precision: 20, scale: 2 }).notNull(),
    collectionDate: date('collection_date', { mode: 'string' }).notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    /** [{ level, amount, treasuryId, accountNumber }]: where each level's part was credited at the booking treasury. */
    parts: jsonb('parts').notNull(),
    sharingRuleId: bigint('sharing_rule_id', { mode: 'bigint' }),
    voucherId: bigint('voucher_id', { mode: 'bigint' }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('receipts_message').on(t.authorityCode, t.messageId),
    index('receipts_by_day').on(t.treasuryId, t.businessDate),
    check('receipts_positive', sql`${t.amount} > 0`),
  ],
);

/**
 * Day-end remittances (报解/上划, R31): the parts of a treasury's business day kept by another treasury, sent
 * as one transfer per receiving treasury and level, posted in both books in one transaction. A day may
 * remit more than once (receipts after an earlier remittance); `batch` numbers them.
 */
export const remittances = revenue.table(
  'remittances',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    fromTreasuryId: text('from_treasury_id').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    toTreasuryId: text('to_treasury_id').notNull(),
    level: text('level').notNull(),
    batch: integer('batch').notNull(),
    amount: numeric('amount', { precision: 20, scale: 2 }).notNull(),
    receipts: integer('receipts').notNull(),
    fromVoucherId: bigint('from_voucher_id', { mode: 'bigint' }).notNull(),
    toVoucherId: bigint('to_voucher_id', { mode: 'bigint' }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Negative: a return — refunds of the level's parts exceeded what the day sent, so the keeper sends back.
  (t) => [unique('remittances_batch').on(t.fromTreasuryId, t.businessDate, t.toTreasuryId, t.level, t.batch), check('remittances_not_zero', sql`${t.amount} <> 0`)],
);

/**
 * What refunds and corrections did to the revenue a treasury booked (退库, 更正/调库; R33, R40–R43): one row per
 * level, code and keeper a refund or a correction moved, signed — a refund's shares and a correction's red
 * parts negative, its blue parts positive — dated the business day they posted on. The reports add them to the
 * receipts of their day (past reports are never rewritten, R42), the remittance nets the parts another treasury
 * keeps, and what is left of a receipt is its parts plus its adjustments.
 */
export const adjustments = revenue.table(
  'adjustments',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    treasuryId: text('treasury_id').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    /** What made it: the refund's or the correction's approval request. */
    reference: text('reference').notNull(),
    /** The receipt adjusted; null for an export refund by plan, which names none (R33(4)). */
    receiptAuthorityCode: text('receipt_authority_code'),
    receiptMessageId: text('receipt_message_id'),
    /** The collecting authority the revenue is reported under. */
    authorityCode: text('authority_code').notNull(),
    revenueCode: text('revenue_code').notNull(),
    level: text('level').notNull(),
    /** The account the booking treasury moved: the level's own, or the inter-treasury account. */
    accountNumber: text('account_number').notNull(),
    keeperTreasuryId: text('keeper_treasury_id').notNull(),
    amount: numeric('amount', { precision: 20, scale: 2 }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('adjustments_by_day').on(t.treasuryId, t.businessDate),
    index('adjustments_by_receipt').on(t.receiptAuthorityCode, t.receiptMessageId),
    check('adjustments_kind', sql`${t.kind} in ('refund', 'correction')`),
    check('adjustments_not_zero', sql`${t.amount} <> 0`),
  ],
);
