import { sql } from 'drizzle-orm';
import { bigint, check, date, foreignKey, numeric, pgSchema, primaryKey, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';

/** The interest context's own schema: deposit rates and the record of each account's interest per period. */
export const interest = pgSchema('interest');

/**
 * Demand-deposit rates for units, per jurisdiction (the branch treasury, R19(1)), each in force from a
 * date, set only through an approved request. Append-only: a correction of a date's rate is a new row
 * naming the version it supersedes, and the version in force for a date is the one no row supersedes.
 * The unique indexes keep each date's versions one chain: one first version, each superseded at most once.
 */
export const rates = interest.table(
  'rates',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    jurisdictionId: text('jurisdiction_id').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    annualRate: numeric('annual_rate', { precision: 10, scale: 8 }).notNull(),
    /** The version of the same jurisdiction and date this one replaces; null for a date's first version. */
    supersedesRateId: bigint('supersedes_rate_id', { mode: 'bigint' }),
    approvalRequestId: bigint('approval_request_id', { mode: 'bigint' }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('rates_version_of_date').on(t.jurisdictionId, t.effectiveFrom, t.id),
    uniqueIndex('rates_first_version').on(t.jurisdictionId, t.effectiveFrom).where(sql`${t.supersedesRateId} is null`),
    uniqueIndex('rates_superseded_once').on(t.supersedesRateId),
    // A version supersedes one of the same jurisdiction and date, never another's.
    foreignKey({
      name: 'rates_supersedes_same_date',
      columns: [t.jurisdictionId, t.effectiveFrom, t.supersedesRateId],
      foreignColumns: [t.jurisdictionId, t.effectiveFrom, t.id],
    }),
  ],
);

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
