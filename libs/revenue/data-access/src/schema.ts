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
 * Parts of receipts refunded at the booking treasury while another treasury keeps their level (R33(2)): the
 * day's remittance nets them, so the keeper never holds what was paid back.
 */
export const partRefunds = revenue.table(
  'part_refunds',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    treasuryId: text('treasury_id').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    toTreasuryId: text('to_treasury_id').notNull(),
    level: text('level').notNull(),
    amount: numeric('amount', { precision: 20, scale: 2 }).notNull(),
    /** What refunded it (the refund's approval request). */
    reference: text('reference').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('part_refunds_by_day').on(t.treasuryId, t.businessDate), check('part_refunds_positive', sql`${t.amount} > 0`)],
);
