import { sql } from 'drizzle-orm';
import { bigint, check, date, index, numeric, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

// Declared here rather than imported from ./schema, which re-exports this table: no import cycle.
const ledger = pgSchema('ledger');

/**
 * What a treasury brought when it went live on Jinku: each account's opening balance, posted in one
 * voucher on its first business day, and for interest-bearing accounts the 计息积数 of the interest period
 * already under way, through the day before that first day (R48). Written once, append-only.
 */
export const openingBalances = ledger.table(
  'opening_balances',
  {
    accountId: bigint('account_id', { mode: 'bigint' }).primaryKey(),
    treasuryId: text('treasury_id').notNull(),
    balance: numeric('balance', { precision: 20, scale: 2 }).notNull(),
    /** Null when none was carried in (an account that earns no interest, or none was given). */
    carriedAccumulation: numeric('carried_accumulation', { precision: 24, scale: 2 }),
    /** The last day the carried accumulation covers: the day before the first business day. */
    accumulationThrough: date('accumulation_through', { mode: 'string' }).notNull(),
    voucherId: bigint('voucher_id', { mode: 'bigint' }).notNull(),
    approvalRequestId: bigint('approval_request_id', { mode: 'bigint' }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('opening_balances_treasury').on(t.treasuryId),
    check('opening_balances_balance', sql`${t.balance} >= 0`),
    check('opening_balances_carried_accumulation', sql`${t.carriedAccumulation} >= 0`),
  ],
);
