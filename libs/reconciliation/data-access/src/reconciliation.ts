import type { Database } from '@jinku/db';
import { alreadyExists, authorize, failedPrecondition, invalidArgument, isAuthorized, notFound, parseBusinessDate, type Actor } from '@jinku/kernel';
import type { Disbursement } from '@jinku/disbursement';
import type { Ledger } from '@jinku/ledger';
import { OUTCOMES, type StatementLine } from '@jinku/reconciliation-domain';
import type { Revenue } from '@jinku/revenue';
import type { SpecimenPresentation, Specimens } from '@jinku/seals';
import { parseCsv, readSheetRows } from '@jinku/spreadsheets';
import { matchStatement } from './match';
import { statementRepository, type DifferenceRecord, type HandedStatement, type StatementRecord } from './statement-repository';

/** A counterparty's upload is bounded per call; a large statement comes in several. */
export const MAX_LINES_PER_UPLOAD = 50_000;

/** Every line has a reference, an amount in yuan and a date; refused whole otherwise, naming the first bad line. */
function checkLines(lines: readonly StatementLine[]): void {
  if (lines.length > MAX_LINES_PER_UPLOAD) throw invalidArgument('TOO_MANY_LINES', `at most ${MAX_LINES_PER_UPLOAD} lines per call`, { field: 'lines' });
  lines.forEach((line, index) => {
    if (!/^-?[0-9]{1,17}(\.[0-9]{1,2})?$/.test(line.amount) || !line.reference.trim()) throw invalidArgument('MALFORMED_LINE', `line ${index} needs a reference and an amount in yuan`, { field: `lines[${index}]` });
    parseBusinessDate(line.date, `lines[${index}].date`);
  });
}
const DIFFERENCES_PAGE = 1_000;

const isCalendarYear = (from: string, to: string) => from.endsWith('-01-01') && to === `${from.slice(0, 4)}-12-31`;

export interface SignedResult {
  readonly outcome: string;
  readonly signedOn: string;
  readonly signer: string;
  /** The counterparty's reconciliation seal (预留对账印鉴) and its signer's, checked against its specimen card. */
  readonly presented: SpecimenPresentation | undefined;
}

/**
 * Reconciliation with the counterparties (对账, R55–R59): a statement per counterparty and period, its treasury side
 * taken from the books, its counterparty side as the counterparty sends it, matched set-based, every difference
 * listed (R58), and the counterparty's signed result recorded once its seal checks. Every call authorizes its caller.
 */
export function createReconciliation(database: Database, contexts: { readonly revenue: Revenue; readonly disbursement: Disbursement; readonly ledger: Ledger; readonly specimens: Specimens }) {
  const { sql } = database;

  async function statementWithin(actor: Actor, statementId: string, permission: 'reconciliation.read' | 'reconciliation.prepare' | 'reconciliation.submit'): Promise<StatementRecord> {
    const statement = /^[1-9][0-9]{0,18}$/.test(statementId) ? await statementRepository.byId(sql, statementId) : undefined;
    if (!statement || !isAuthorized(actor, 'reconciliation.read', statement.treasuryId)) throw notFound('STATEMENT_NOT_FOUND', `no statement ${statementId.slice(0, 24)}`);
    authorize(actor, permission, statement.treasuryId);
    return statement;
  }

  /**
   * R57(2): with a finance bureau — the treasury's revenue per level and code, and each treasury deposit account's
   * balance (库存, account by account) at the close of the period's last business day.
   */
  async function financeBureauLines(actor: Actor, treasuryId: string, from: string, to: string): Promise<StatementLine[]> {
    const revenue = await contexts.revenue.levelCodeLines(actor, treasuryId, from, to);
    const balances = await contexts.ledger.depositBalancesAt(actor, treasuryId, to);
    return [...revenue, ...balances.map((b) => ({ reference: `balance/${b.accountNumber}`, level: b.level, code: b.subjectCode, amount: b.balance, date: b.date }))];
  }

  /**
   * The treasury's side of a statement from the books (R56): with a collecting authority (R57(1)) what it collected
   * directly — each receipt with its corrections, and the refunds — from the revenue books, and for a calendar year
   * also the jurisdiction's totals; with an agency bank
   * (R57(3)) its quota use per budget unit and codes from the disbursement books; with a finance bureau (R57(2))
   * revenue per level and code and the deposit accounts' balances.
   */
  function treasurySideOf(actor: Actor, statement: Omit<StatementRecord, 'id' | 'createdBy'>): Promise<StatementLine[]> {
    const { treasuryId, counterpartyCode, periodFrom, periodTo } = statement;
    const sources: Partial<Record<string, () => Promise<StatementLine[]>>> = {
      collecting_authority: async () => [
        ...(await contexts.revenue.collectedLines(actor, treasuryId, counterpartyCode, periodFrom, periodTo)),
        // A year's statement also checks the jurisdiction's total (R57(1)).
        ...(isCalendarYear(periodFrom, periodTo) ? await contexts.revenue.jurisdictionTotals(actor, treasuryId, counterpartyCode, periodFrom, periodTo) : []),
      ],
      agency_bank: () => contexts.disbursement.quotaUseLines(actor, treasuryId, counterpartyCode, periodFrom, periodTo),
      finance_bureau: () => financeBureauLines(actor, treasuryId, periodFrom, periodTo),
    };
    const source = sources[statement.counterpartyKind];
    if (!source) throw invalidArgument('UNSUPPORTED_COUNTERPARTY', `statements are prepared with ${Object.keys(sources).join(' and ')}s so far`, { field: 'counterparty_kind' });
    return source();
  }

  const assertOpen = async (statement: StatementRecord) => {
    if (await statementRepository.hasResult(sql, statement.id)) throw failedPrecondition('STATEMENT_SIGNED', `statement ${statement.id} has its signed result`);
  };

  return {
    /** A statement with a counterparty for a period, its treasury side taken from the books (`treasurySideOf`). */
    async prepareStatement(actor: Actor, request: { treasuryId: string; counterpartyKind: string; counterpartyCode: string; periodFrom: string; periodTo: string }): Promise<StatementRecord> {
      authorize(actor, 'reconciliation.prepare', request.treasuryId);
      const [periodFrom, periodTo] = [parseBusinessDate(request.periodFrom, 'period_from'), parseBusinessDate(request.periodTo, 'period_to')];
      if (periodTo < periodFrom) throw invalidArgument('MALFORMED_PERIOD', 'period_to is on or after period_from', { field: 'period_to' });
      const lines = await treasurySideOf(actor, { ...request, periodFrom, periodTo });
      const id = await sql.begin(async (tx) => {
        const created = await statementRepository.create(tx, { ...request, periodFrom, periodTo, createdBy: actor.userId });
        if (!created) throw alreadyExists('STATEMENT_EXISTS', `a statement with ${request.counterpartyCode} for ${periodFrom}..${periodTo} exists`);
        await statementRepository.addLines(tx, created, 'treasury', lines);
        return created;
      });
      return (await statementRepository.byId(sql, id))!;
    },

    /**
     * The treasury's side taken again from the books as they stand, once a difference was put right through the
     * correction route (R58); the next match compares this generation. Only while the statement is unsigned.
     */
    async refreshTreasurySide(actor: Actor, statementId: string): Promise<{ generation: number; lines: number }> {
      const statement = await statementWithin(actor, statementId, 'reconciliation.prepare');
      await assertOpen(statement);
      const lines = await treasurySideOf(actor, statement);
      return sql.begin(async (tx) => {
        const generation = await statementRepository.nextTreasuryGeneration(tx, statement.id);
        await statementRepository.addLines(tx, statement.id, 'treasury', lines, generation);
        return { generation, lines: lines.length };
      });
    },

    /** The counterparty's lines, from its system, in as many calls as it needs; only while the statement is unsigned. */
    async submitCounterpartyLines(actor: Actor, statementId: string, lines: readonly StatementLine[]): Promise<number> {
      const statement = await statementWithin(actor, statementId, 'reconciliation.submit');
      await assertOpen(statement);
      checkLines(lines);
      await statementRepository.addLines(sql, statement.id, 'counterparty', lines);
      return lines.length;
    },

    /**
     * The counterparty's side from the file it returned (CSV or xlsx: reference, level, code, amount, date; a
     * header row first), imported by the treasury's operator when it did not come through the counterparty's system.
     */
    async importCounterpartyFile(actor: Actor, statementId: string, format: string, content: Buffer): Promise<number> {
      const statement = await statementWithin(actor, statementId, 'reconciliation.prepare');
      await assertOpen(statement);
      if (format !== 'csv' && format !== 'xlsx') throw invalidArgument('MALFORMED_FILE', 'format is "csv" or "xlsx"', { field: 'format' });
      const rows = format === 'csv' ? parseCsv(content.toString('utf8')).slice(1) : await readSheetRows(content, 2);
      const lines = rows
        .filter((row) => row.some((cell) => cell.trim() !== ''))
        .map(([reference = '', level = '', code = '', amount = '', date = '']) => ({ reference: reference.trim(), level: level.trim(), code: code.trim(), amount: amount.trim(), date: date.trim() }));
      checkLines(lines);
      await statementRepository.addLines(sql, statement.id, 'counterparty', lines);
      return lines.length;
    },

    /** Matches the two sides as they stand (R56): a new run, its differences recorded. */
    async match(actor: Actor, statementId: string) {
      const statement = await statementWithin(actor, statementId, 'reconciliation.prepare');
      await assertOpen(statement);
      return sql.begin((tx) => matchStatement(tx, statement.id));
    },

    /** The latest run's differences, a page at a time (by id, after `afterId`). */
    async differences(actor: Actor, statementId: string, afterId = '0'): Promise<{ runId: string; differences: DifferenceRecord[]; nextAfterId: string }> {
      const statement = await statementWithin(actor, statementId, 'reconciliation.read');
      const run = await statementRepository.latestRun(sql, statement.id);
      if (!run) throw failedPrecondition('NOT_MATCHED', `statement ${statement.id} was never matched`);
      const differences = await statementRepository.differencesOf(sql, run.id, afterId, DIFFERENCES_PAGE);
      // A full page may have more after it; a short one is the last.
      return { runId: run.id, differences, nextAfterId: differences.length === DIFFERENCES_PAGE ? differences.at(-1)!.id : '' };
    },

    /**
     * R58: a difference of the latest run chased to its cause — explained, or corrected (naming the correction that
     * put the books right, e.g. its approval request) — once; only while the statement is unsigned.
     */
    async resolveDifference(actor: Actor, statementId: string, differenceId: string, resolution: { kind: string; note: string; correctionReference: string }): Promise<void> {
      const statement = await statementWithin(actor, statementId, 'reconciliation.prepare');
      await assertOpen(statement);
      if (resolution.kind !== 'explained' && resolution.kind !== 'corrected') throw invalidArgument('MALFORMED_RESOLUTION', 'kind is "explained" or "corrected"', { field: 'kind' });
      if (!resolution.note.trim()) throw invalidArgument('MALFORMED_RESOLUTION', 'the note says what was found', { field: 'note' });
      if (resolution.kind === 'corrected' && !resolution.correctionReference.trim()) throw invalidArgument('MALFORMED_RESOLUTION', 'a corrected difference names its correction', { field: 'correction_reference' });
      const difference = /^[1-9][0-9]{0,18}$/.test(differenceId) ? await statementRepository.differenceOf(sql, statement.id, differenceId) : undefined;
      if (!difference) throw notFound('DIFFERENCE_NOT_FOUND', `no difference ${differenceId.slice(0, 24)} in statement ${statement.id}'s latest matching`);
      if (difference.resolved) throw alreadyExists('DIFFERENCE_RESOLVED', `difference ${difference.id} was resolved`);
      await statementRepository.addResolution(sql, {
        differenceId: difference.id,
        kind: resolution.kind,
        note: resolution.note,
        correctionReference: resolution.kind === 'corrected' ? resolution.correctionReference : null,
        resolvedBy: actor.userId,
      });
    },

    /**
     * R58: the counterparty's signed result on the returned statement — outcome, date, signer — with its seal checked
     * against its specimen card; "agreed" only when every difference of the latest run was explained or corrected.
     */
    async recordResult(actor: Actor, statementId: string, result: SignedResult): Promise<void> {
      const statement = await statementWithin(actor, statementId, 'reconciliation.prepare');
      await assertOpen(statement);
      if (!(OUTCOMES as readonly string[]).includes(result.outcome)) throw invalidArgument('MALFORMED_RESULT', `outcome is one of ${OUTCOMES.join(', ')}`, { field: 'outcome' });
      if (!result.signer.trim()) throw invalidArgument('MALFORMED_RESULT', 'the signer is named', { field: 'signer' });
      const signedOn = parseBusinessDate(result.signedOn, 'signed_on');
      const run = await statementRepository.latestRun(sql, statement.id);
      if (!run) throw failedPrecondition('NOT_MATCHED', `statement ${statement.id} was never matched`);
      if (result.outcome === 'agreed' && run.unresolved > 0) {
        throw failedPrecondition('RESULT_CONTRADICTS_DIFFERENCES', `${run.unresolved} of the latest matching's ${run.differences} differences are neither explained nor corrected (R58)`);
      }
      await contexts.specimens.verifySpecimen(actor, statement.counterpartyCode, result.presented, signedOn);
      await sql.begin((tx) => statementRepository.addResult(tx, { statementId: statement.id, runId: run.id, outcome: result.outcome, signedOn, signer: result.signer, sealVerified: true }));
    },

    /**
     * R59: once reconciled, the signed statements — the finance bureau's deposit-account statements, the revenue
     * statements the bureaus and collecting authorities returned, the agency banks' quota statements — go to the
     * post-supervision centre: every signed statement not handed over before, in one handover. Nothing written when
     * there is nothing to hand over.
     */
    async handOverToSupervision(actor: Actor, treasuryId: string): Promise<{ handoverId: string; handedAt: Date; statements: HandedStatement[] }> {
      authorize(actor, 'reconciliation.prepare', treasuryId);
      const handover = await sql.begin(async (tx) => {
        const made = await statementRepository.handOver(tx, treasuryId, actor.userId);
        if (!made) throw failedPrecondition('NOTHING_TO_HAND_OVER', `every signed statement of ${treasuryId} was handed over`);
        return made;
      });
      return { handoverId: handover.id, handedAt: handover.recordedAt, statements: handover.statements };
    },
  };
}

export type Reconciliation = ReturnType<typeof createReconciliation>;
