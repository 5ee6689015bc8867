import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, numeric, pgSchema, text, timestamp, unique } from 'drizzle-orm/pg-core';

/** The reconciliation context's own schema: statements, both sides' lines, match runs, differences, signed results. */
export const reconciliation = pgSchema('reconciliation');

const id = () => bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity();
const money = (name: string) => numeric(name, { precision: 20, scale: 2 });
const recordedAt = () => timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow();

/** A statement (对账单) with one counterparty for one period (R57). */
export const statements = reconciliation.table(
  'statements',
  {
    id: id(),
    treasuryId: text('treasury_id').notNull(),
    counterpartyKind: text('counterparty_kind').notNull(),
    counterpartyCode: text('counterparty_code').notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    createdBy: text('created_by').notNull(),
    recordedAt: recordedAt(),
  },
  (t) => [
    unique('statements_period').on(t.treasuryId, t.counterpartyKind, t.counterpartyCode, t.periodFrom, t.periodTo),
    check('statements_kind', sql`${t.counterpartyKind} in ('collecting_authority', 'finance_bureau', 'agency_bank')`),
  ],
);

/**
 * Both sides' lines of a statement: the treasury's from its books, the counterparty's as it sent them. The treasury's
 * side may be taken again after a correction (`generation` 2, 3, …); a match reads its latest generation.
 */
export const statementLines = reconciliation.table(
  'lines',
  {
    statementId: bigint('statement_id', { mode: 'bigint' }).notNull(),
    side: text('side').notNull(),
    reference: text('reference').notNull(),
    level: text('level').notNull(),
    code: text('code').notNull(),
    amount: money('amount').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    generation: integer('generation').notNull().default(1),
  },
  (t) => [index('lines_by_key').on(t.statementId, t.side, t.reference, t.level), check('lines_side', sql`${t.side} in ('treasury', 'counterparty')`)],
);

/** One matching of a statement's two sides and how many lines each had; its differences point to it. */
export const matchRuns = reconciliation.table('match_runs', {
  id: id(),
  statementId: bigint('statement_id', { mode: 'bigint' }).notNull(),
  treasuryLines: integer('treasury_lines').notNull(),
  counterpartyLines: integer('counterparty_lines').notNull(),
  recordedAt: recordedAt(),
});

/** Each difference a run found, with both sides' elements (null where a side has no line). */
export const differences = reconciliation.table(
  'differences',
  {
    id: id(),
    runId: bigint('run_id', { mode: 'bigint' }).notNull(),
    kind: text('kind').notNull(),
    reference: text('reference').notNull(),
    treasuryLevel: text('treasury_level'),
    treasuryCode: text('treasury_code'),
    treasuryAmount: money('treasury_amount'),
    treasuryDate: date('treasury_date', { mode: 'string' }),
    counterpartyLevel: text('counterparty_level'),
    counterpartyCode: text('counterparty_code'),
    counterpartyAmount: money('counterparty_amount'),
    counterpartyDate: date('counterparty_date', { mode: 'string' }),
  },
  (t) => [index('differences_by_run').on(t.runId)],
);

/** The counterparty's signed result on the returned statement (R58): outcome, date, signer, its seal checked. */
export const results = reconciliation.table(
  'results',
  {
    id: id(),
    statementId: bigint('statement_id', { mode: 'bigint' }).notNull(),
    runId: bigint('run_id', { mode: 'bigint' }).notNull(),
    outcome: text('outcome').notNull(),
    signedOn: date('signed_on', { mode: 'string' }).notNull(),
    signer: text('signer').notNull(),
    sealVerified: boolean('seal_verified').notNull(),
    recordedAt: recordedAt(),
  },
  (t) => [unique('results_statement').on(t.statementId), check('results_outcome', sql`${t.outcome} in ('agreed', 'differs')`)],
);

/** What became of a difference (R58): explained, or corrected (naming the correction); once each. */
export const resolutions = reconciliation.table(
  'resolutions',
  {
    id: id(),
    differenceId: bigint('difference_id', { mode: 'bigint' }).notNull(),
    kind: text('kind').notNull(),
    note: text('note').notNull(),
    /** The correction that put the books right (its approval request or voucher), for a corrected difference. */
    correctionReference: text('correction_reference'),
    resolvedBy: text('resolved_by').notNull(),
    recordedAt: recordedAt(),
  },
  (t) => [
    unique('resolutions_difference').on(t.differenceId),
    check('resolutions_kind', sql`${t.kind} in ('explained', 'corrected') and (${t.kind} = 'explained') = (${t.correctionReference} is null)`),
  ],
);

/** R59: a handover of signed statements to the post-supervision centre (事后监督中心). */
export const handovers = reconciliation.table('handovers', {
  id: id(),
  treasuryId: text('treasury_id').notNull(),
  handedBy: text('handed_by').notNull(),
  recordedAt: recordedAt(),
});

/** The statements a handover listed; each statement is handed over once. */
export const handoverItems = reconciliation.table(
  'handover_items',
  {
    handoverId: bigint('handover_id', { mode: 'bigint' }).notNull(),
    statementId: bigint('statement_id', { mode: 'bigint' }).notNull(),
  },
  (t) => [unique('handover_items_statement').on(t.statementId)],
);
