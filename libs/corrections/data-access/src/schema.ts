import { sql } from 'drizzle-orm';
import { bigint, check, date, index, jsonb, numeric, pgSchema, text, timestamp, unique } from 'drizzle-orm/pg-core';

/** The corrections context's own schema: the register of corrections and reallocations made. */
export const corrections = pgSchema('corrections');

/**
 * The register of corrections (更正/调库登记, R40–R45): one row per executed `revenue_correction` request, written
 * in the final approval's transaction with the red and blue vouchers it posted. Append-only. `items` keeps, per
 * receipt, what was taken back (red) and where it went (blue), and the vouchers; a notice is used once per sender.
 */
export const correctionRegister = corrections.table(
  'corrections',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    treasuryId: text('treasury_id').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    origin: text('origin').notNull(),
    /** The counterparty that sent the notice; the treasury's own id when it corrects its own error. */
    authorityCode: text('authority_code').notNull(),
    authorityKind: text('authority_kind').notNull(),
    noticeNumber: text('notice_number').notNull(),
    noticeDate: date('notice_date', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    /** [{ kind, reference }]: the documents the correction rests on (R41, R43–R44). */
    documents: jsonb('documents').notNull(),
    total: numeric('total', { precision: 20, scale: 2 }).notNull(),
    /** [{ receipt, fromRevenueCode, amount, revenueCode, designation, region, red: [...], blue: [...], redVoucherId, blueVoucherId }] */
    items: jsonb('items').notNull(),
    approvalRequestId: text('approval_request_id').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('corrections_notice').on(t.authorityCode, t.noticeNumber),
    unique('corrections_request').on(t.approvalRequestId),
    index('corrections_by_day').on(t.treasuryId, t.businessDate),
    check('corrections_kind', sql`${t.kind} in ('correction', 'reallocation')`),
    check('corrections_origin', sql`${t.origin} in ('treasury', 'counterparty')`),
    check('corrections_positive', sql`${t.total} > 0`),
  ],
);
