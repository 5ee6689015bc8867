import { sql } from 'drizzle-orm';
import { bigint, check, date, numeric, pgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** The interest context's own schema: deposit rates and the record of each account's interest per period. */
export const interest = pgSchema('interest');

/** Demand-deposit rates for units, each in force from a date; set only through an approved request. */
export const rates = interest.table('rates', {
  effectiveFrom: date('effective_from', { mode: 'string' }).primaryKey(),
  annualRate: numeric('annual_rate', { precision: 10, scale: 8 }).notNull(),
  approvalRequestId: bigint('approval_request_id', { mode: 'bigint' }).notNull(),
});

/**
 * One row per account and settlement day, written in the same transaction as the interest voucher: the
 * primary key is what makes a run exactly-once per account and period, whatever the queue does.
 */
export const runs = interest.table(
  'runs',
  {
    treasuryId: text('treasury_id').notNull(),
    accountId: bigint('account_id', { mode: 'bigint' }).notNull(),
    settlementDay: date('settlement_day', { mode: 'string' }).notNull(),
    accumulation: numeric('accumulation', { precision: 24, scale: 2 }).notNull(),
    annualRate: numeric('annual_rate', { precision: 10, scale: 8 }).notNull(),
    amount: numeric('amount', { precision: 20, scale: 2 }).notNull(),
    /** Null when the interest rounds to zero: nothing to post, but the period is done. */
    voucherId: bigint('voucher_id', { mode: 'bigint' }),
    postedOn: date('posted_on', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.settlementDay] }), check('runs_amount', sql`${t.amount} >= 0`)],
);

/** R48 corrections of a settled period: the difference posted (or returned) through an approved request. */
export const corrections = interest.table('corrections', {
  approvalRequestId: bigint('approval_request_id', { mode: 'bigint' }).primaryKey(),
  treasuryId: text('treasury_id').notNull(),
  accountId: bigint('account_id', { mode: 'bigint' }).notNull(),
  settlementDay: date('settlement_day', { mode: 'string' }).notNull(),
  recordedAmount: numeric('recorded_amount', { precision: 20, scale: 2 }).notNull(),
  correctAmount: numeric('correct_amount', { precision: 20, scale: 2 }).notNull(),
  voucherId: bigint('voucher_id', { mode: 'bigint' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
