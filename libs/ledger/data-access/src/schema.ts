import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** The ledger's own PostgreSQL schema. Posted rows (vouchers, entries, statements) are append-only. */
export const ledger = pgSchema('ledger');

const money = (name: string) => numeric(name, { precision: 20, scale: 2 });
const id = (name: string) => bigint(name, { mode: 'bigint' });

export const treasuries = ledger.table('treasuries', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The branch treasury (分库) over an agent sub-treasury (代理支库); null for the top. */
  parentId: text('parent_id'),
  fiscalLevel: text('fiscal_level').notNull(),
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
});

export const classificationCodes = ledger.table('classification_codes', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
});

export const subjects = ledger.table(
  'subjects',
  {
    treasuryId: text('treasury_id').notNull().references(() => treasuries.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    balanceSheet: text('balance_sheet').notNull(),
    normalSide: text('normal_side').notNull(),
    isDeposit: boolean('is_deposit').notNull().default(false),
    interestBearing: boolean('interest_bearing').notNull().default(false),
    /** What the subject is for; the rules on who may post to it (receipts, money out) read this. */
    role: text('role').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.treasuryId, t.code] }),
    check(
      'subjects_role',
      sql`${t.role} in ('revenue', 'deposit', 'clearing', 'suspense_payment', 'suspense_receipt', 'inter_treasury', 'pending_settlement', 'interest_expense', 'custody')`,
    ),
    check('subjects_balance_sheet', sql`${t.balanceSheet} in ('on', 'off')`),
    check('subjects_normal_side', sql`${t.normalSide} in ('debit', 'credit')`),
  ],
);

export const accounts = ledger.table(
  'accounts',
  {
    id: id('id').primaryKey().generatedAlwaysAsIdentity(),
    treasuryId: text('treasury_id').notNull(),
    number: text('number').notNull(),
    name: text('name').notNull(),
    subjectCode: text('subject_code').notNull(),
    fiscalLevel: text('fiscal_level'),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
  },
  (t) => [uniqueIndex('accounts_treasury_number').on(t.treasuryId, t.number), index('accounts_subject').on(t.treasuryId, t.subjectCode)],
);

/** The balance file: the one mutable row per account, locked while a posting changes it. */
export const accountBalances = ledger.table('account_balances', {
  accountId: id('account_id').primaryKey(),
  balance: money('balance').notNull().default('0'),
});

/**
 * The national working calendar, one year's schedule per row (R19(1)): a change is a new version, never an
 * edit, and the latest version of a year is the one in force. Append-only.
 */
export const calendarVersions = ledger.table(
  'calendar_versions',
  {
    year: integer('year').notNull(),
    version: integer('version').notNull(),
    /** The year's holidays and make-up working days: `[{date, kind, name}]` in date order. */
    days: jsonb('days').notNull(),
    /** The approved calendar-change request it came from; null for a trusted seed load. */
    approvalRequestId: id('approval_request_id'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.year, t.version] }),
    check('calendar_versions_version', sql`${t.version} >= 1`),
    check('calendar_versions_days', sql`jsonb_typeof(${t.days}) = 'array'`),
  ],
);

export const businessDays = ledger.table(
  'business_days',
  {
    treasuryId: text('treasury_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    status: text('status').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by'),
  },
  (t) => [
    primaryKey({ columns: [t.treasuryId, t.date] }),
    uniqueIndex('business_days_one_open').on(t.treasuryId).where(sql`${t.status} = 'open'`),
    check('business_days_status', sql`${t.status} in ('open', 'closed')`),
  ],
);

export const vouchers = ledger.table(
  'vouchers',
  {
    id: id('id').primaryKey().generatedAlwaysAsIdentity(),
    treasuryId: text('treasury_id').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    summary: text('summary').notNull(),
    documents: jsonb('documents').notNull(),
    makerId: text('maker_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    /** Hash of the request body: the same key with a different body is refused. */
    requestHash: text('request_hash').notNull(),
    reversesVoucherId: id('reverses_voucher_id'),
    correctsVoucherId: id('corrects_voucher_id'),
    /** The person who approved it, for vouchers that went through a maker-checker request. */
    checkerId: text('checker_id'),
    approvalRequestId: id('approval_request_id'),
    postedAt: timestamp('posted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('vouchers_idempotency').on(t.treasuryId, t.idempotencyKey),
    uniqueIndex('vouchers_reversed_once').on(t.reversesVoucherId),
    index('vouchers_day').on(t.treasuryId, t.businessDate, t.id),
    check('vouchers_kind', sql`${t.kind} in ('ordinary', 'reversal', 'correction')`),
  ],
);

export const entries = ledger.table(
  'entries',
  {
    id: id('id').primaryKey().generatedAlwaysAsIdentity(),
    voucherId: id('voucher_id').notNull(),
    lineNo: integer('line_no').notNull(),
    treasuryId: text('treasury_id').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    accountId: id('account_id').notNull(),
    subjectCode: text('subject_code').notNull(),
    side: text('side').notNull(),
    amount: money('amount').notNull(),
    fiscalLevel: text('fiscal_level'),
    classificationCode: text('classification_code'),
  },
  (t) => [
    index('entries_account_day').on(t.accountId, t.businessDate, t.id),
    index('entries_treasury_day').on(t.treasuryId, t.businessDate),
    index('entries_voucher').on(t.voucherId, t.lineNo),
    check('entries_side', sql`${t.side} in ('debit', 'credit', 'receipt', 'payment')`),
  ],
);

/** 日计表 rows: every account of a treasury for every closed day. Interest accumulation reads these. */
export const dailyBalances = ledger.table(
  'daily_balances',
  {
    accountId: id('account_id').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    treasuryId: text('treasury_id').notNull(),
    opening: money('opening').notNull(),
    debitTurnover: money('debit_turnover').notNull(),
    creditTurnover: money('credit_turnover').notNull(),
    closing: money('closing').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.businessDate] }), index('daily_balances_treasury_day').on(t.treasuryId, t.businessDate)],
);

/** 余额表 / general ledger rows per subject for every closed day. */
export const dailySubjectBalances = ledger.table(
  'daily_subject_balances',
  {
    treasuryId: text('treasury_id').notNull(),
    subjectCode: text('subject_code').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    opening: money('opening').notNull(),
    debitTurnover: money('debit_turnover').notNull(),
    creditTurnover: money('credit_turnover').notNull(),
    closing: money('closing').notNull(),
  },
  (t) => [primaryKey({ columns: [t.treasuryId, t.businessDate, t.subjectCode] })],
);

export { openingBalances } from './opening-balances-table';

/**
 * Month ends (月结, R57(4)): a treasury's month closes once every business day of it is closed and the month-end
 * checks hold (off-balance books against what is in custody, among others); recorded once, never reopened.
 */
export const monthCloses = ledger.table(
  'month_closes',
  {
    treasuryId: text('treasury_id').notNull(),
    month: text('month').notNull(),
    closedBy: text('closed_by').notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.treasuryId, t.month] }), check('month_closes_month', sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`)],
);

/** 月计表: per account and closed month, from its days' statements, written when the month closes (frozen). */
export const monthlyBalances = ledger.table(
  'monthly_balances',
  {
    accountId: id('account_id').notNull(),
    month: text('month').notNull(),
    treasuryId: text('treasury_id').notNull(),
    opening: money('opening').notNull(),
    debitTurnover: money('debit_turnover').notNull(),
    creditTurnover: money('credit_turnover').notNull(),
    closing: money('closing').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.month] }), index('monthly_balances_treasury_month').on(t.treasuryId, t.month)],
);

/** The general ledger's month per subject, written with `monthly_balances` when the month closes. */
export const monthlySubjectBalances = ledger.table(
  'monthly_subject_balances',
  {
    treasuryId: text('treasury_id').notNull(),
    month: text('month').notNull(),
    subjectCode: text('subject_code').notNull(),
    opening: money('opening').notNull(),
    debitTurnover: money('debit_turnover').notNull(),
    creditTurnover: money('credit_turnover').notNull(),
    closing: money('closing').notNull(),
  },
  (t) => [primaryKey({ columns: [t.treasuryId, t.month, t.subjectCode] })],
);
