import type { Database, Tx } from '@jinku/db';
import { authorize, DomainError, failedPrecondition, type Actor, type BusinessDate } from '@jinku/kernel';
import {
  assertClientKey,
  redReversalOf,
  systemKey,
  type PostedVoucher,
  type PostingLine,
  type SourceDocument,
  type VoucherDraft,
  type VoucherLineDraft,
} from '@jinku/ledger-domain';
import { Accounts } from './accounts';
import { CalendarVersions } from './calendar';
import { BusinessDays } from './days';
import { Directory } from './directory';
import { GroupCommit, type GroupCommitOptions } from './group-commit';
import { createOpeningBalances } from './opening-balances';
import type { PageRequest } from './pagination';
import { PostingEngine, type PostingOutcome, type PostingRequest } from './posting-engine';
import { requestHash } from './request-hash';
import { periodStatementFile } from './period-statement-file';
import { MonthEnds } from './months';
import { assertTakesBackPartOf, type PartialCorrectionCommand } from './partial-reversal';
import { LedgerSetup } from './setup';
import { VoucherReader } from './vouchers';

export interface PostVoucherCommand {
  readonly treasuryId: string;
  readonly idempotencyKey: string;
  readonly draft: VoucherDraft;
}

/** Red reversal of a posted voucher, optionally with the blue re-entry of the right lines (R30). */
export interface ReverseVoucherCommand {
  readonly treasuryId: string;
  readonly voucherId: string;
  readonly summary: string;
  readonly documents: readonly SourceDocument[];
  readonly correctionLines: readonly VoucherLineDraft[];
}

export interface Reversal {
  readonly reversal: PostedVoucher;
  readonly correction: PostedVoucher | null;
}

/** The maker-checker request a voucher comes out of: its checker and its number, recorded on the voucher. */
export interface Approval {
  readonly checkerId: string;
  readonly requestId: string;
}

export interface LedgerOptions extends GroupCommitOptions {
  /** Told how many seconds each successful day close took (the server's metrics). */
  readonly onDayClose?: (seconds: number) => void;
}

/**
 * The ledger's public API. Calls that take an actor authorize it first (the kernel's permission table),
 * refusing through the returned promise like every other refusal;
 * `postApproved`, `reverseApproved` and `postWithin` run inside an operation that was already authorized
 * and approved (a final approval, an interest run), in that operation's transaction.
 */
export function createLedger(database: Database, options: LedgerOptions = {}) {
  const directory = new Directory(database.sql);
  const reader = new VoucherReader(database.sql, directory);
  const engine = new PostingEngine(database.sql, directory, (treasuryId, id, tx) => reader.get(treasuryId, id, tx));
  const groupCommit = new GroupCommit(engine, options);
  const calendar = new CalendarVersions(database.sql);
  const days = new BusinessDays(database.sql, directory, calendar);
  const accounts = new Accounts(database.sql, directory);
  const openingBalances = createOpeningBalances(database.sql, directory, engine);
  const months = new MonthEnds(database.sql, directory);
  const setup = new LedgerSetup(database.sql, directory, calendar);

  const unwrap = (outcome: PostingOutcome): PostedVoucher => {
    if (!outcome.ok) throw outcome.error;
    return outcome.voucher;
  };
  const receipt = (actor: Actor, command: PostVoucherCommand): PostingRequest => {
    assertClientKey(command.idempotencyKey);
    return { actor, ...command, receiptOnly: true };
  };

  return {
    /** Trusted in-process reference data and queries (seed, tests, other contexts' composed operations). */
    setup,
    days,
    /** Month ends: other contexts add their month-end checks (`months.addCheck`). */
    months,
    /**
     * Trusted, for reports: a period's figures are final — a day or a year once the open day lies after it (days
     * close in order), a month once it is closed (月结, R57(4)). Read before the figures, so a close in between leaves
     * a report marked not final whose figures are, never the reverse.
     */
    async isFinal(treasuryId: string, period: 'day' | 'month' | 'year', lastDay: BusinessDate): Promise<boolean> {
      if (period === 'month') return months.isClosed(treasuryId, lastDay.slice(0, 7));
      return (await days.current(treasuryId)).date > lastDay;
    },
    /** The working calendar's versions; `changeWithin` records an approved calendar change in its transaction. */
    calendar,
    accounts,
    vouchers: reader,

    /**
     * A receipt posted directly by a machine principal (the tax-treasury-bank link) with immediate effect;
     * concurrent calls are group-committed. A retry with the same key returns the first result.
     */
    async postReceipt(actor: Actor, command: PostVoucherCommand): Promise<PostedVoucher> {
      authorize(actor, 'voucher.post_receipt', command.treasuryId);
      return unwrap(await groupCommit.post(receipt(actor, command)));
    },

    /** Many receipts in one transaction, each standing or falling alone (atomic per voucher). */
    async postReceipts(actor: Actor, commands: readonly PostVoucherCommand[]): Promise<PostingOutcome[]> {
      const outcomes: PostingOutcome[] = new Array(commands.length);
      const accepted: { index: number; request: PostingRequest }[] = [];
      for (const [index, command] of commands.entries()) {
        try {
          authorize(actor, 'voucher.post_receipt', command.treasuryId);
          accepted.push({ index, request: receipt(actor, command) });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          outcomes[index] = { ok: false, error };
        }
      }
      const posted = await engine.post(accepted.map((a) => a.request));
      accepted.forEach((a, i) => (outcomes[a.index] = posted[i]!));
      return outcomes;
    },

    /** Checks a voucher's elements against the treasury's chart without posting; returns the bound lines. */
    checkDraft(treasuryId: string, draft: VoucherDraft): Promise<PostingLine[]> {
      return engine.check(treasuryId, draft);
    },

    /**
     * Posts a voucher that a maker-checker request approved, inside the approval's own transaction, so
     * the voucher and the final approval commit together or not at all (R18). Its key is derived from the
     * request, in the system's key space.
     */
    async postApproved(tx: Tx, maker: Actor, approval: Approval, command: Omit<PostVoucherCommand, 'idempotencyKey'>): Promise<PostedVoucher> {
      const request = { actor: maker, approval, ...command, idempotencyKey: systemKey(`approval-request:${approval.requestId}`) };
      const [outcome] = await engine.post([request], 'all-or-nothing', tx);
      return unwrap(outcome!);
    },

    /**
     * An approved correction (R30, R40): the red reversal of the original and, when given, the blue entry
     * of the right lines, posted together on the current business day inside the approval's transaction.
     */
    async reverseApproved(tx: Tx, maker: Actor, approval: Approval, command: ReverseVoucherCommand): Promise<Reversal> {
      const original = await reader.get(command.treasuryId, command.voucherId, tx);
      if (original.kind === 'reversal') {
        throw failedPrecondition('CANNOT_REVERSE_REVERSAL', `voucher ${original.id} is itself a reversal; post a new voucher instead`);
      }
      const base = { actor: maker, approval, treasuryId: command.treasuryId };
      const key = systemKey(`approval-request:${approval.requestId}`);
      const correctionDraft: VoucherDraft | null =
        command.correctionLines.length > 0 ? { kind: 'correction', summary: command.summary, documents: command.documents, lines: command.correctionLines } : null;
      const requests: PostingRequest[] = [
        {
          ...base,
          idempotencyKey: key,
          reversesVoucherId: original.id,
          // The key stands for the whole command: reusing it with another correction (or none) is refused.
          companionHash: correctionDraft ? requestHash(command.treasuryId, correctionDraft) : null,
          draft: { kind: 'reversal', summary: command.summary, documents: command.documents, lines: redReversalOf(original) },
        },
      ];
      if (correctionDraft) requests.push({ ...base, idempotencyKey: `${key}:correction`, correctsVoucherId: original.id, draft: correctionDraft });
      const outcomes = await engine.post(requests, 'all-or-nothing', tx);
      // When one of the pair is refused the other reports BATCH_ABORTED: tell the caller the actual cause.
      const cause = outcomes.find((o) => !o.ok && o.error.reason !== 'BATCH_ABORTED');
      if (cause && !cause.ok) throw cause.error;
      const [reversal, correction] = outcomes;
      return { reversal: unwrap(reversal!), correction: correction ? unwrap(correction) : null };
    },

    /**
     * Approved corrections of parts of posted vouchers (R30, R40–R42): for each, a red voucher taking back the
     * wrong part and a blue one posting it right, both linked to the original as its corrections, on the
     * current business day inside the approval's transaction; all of them or none. A voucher may be corrected
     * in part more than once: the operation that asks keeps count of what is left of it.
     */
    async correctPartsApproved(tx: Tx, maker: Actor, approval: Approval, commands: readonly PartialCorrectionCommand[]): Promise<Reversal[]> {
      const key = systemKey(`approval-request:${approval.requestId}`);
      const requests: PostingRequest[] = [];
      for (const [index, command] of commands.entries()) {
        const [original, corrections] = await Promise.all([reader.get(command.treasuryId, command.voucherId, tx), reader.correctionsOf(command.treasuryId, command.voucherId, tx)]);
        assertTakesBackPartOf(original, corrections, command.redLines);
        const base = { actor: maker, approval, treasuryId: command.treasuryId, correctsVoucherId: command.voucherId };
        const draft = (kind: 'reversal' | 'correction', lines: readonly VoucherLineDraft[]): VoucherDraft => ({ kind, summary: command.summary, documents: command.documents, lines });
        requests.push({ ...base, idempotencyKey: `${key}:${index}:red`, draft: draft('reversal', command.redLines) });
        requests.push({ ...base, idempotencyKey: `${key}:${index}:blue`, draft: draft('correction', command.blueLines) });
      }
      const outcomes = await engine.post(requests, 'all-or-nothing', tx);
      const cause = outcomes.find((o) => !o.ok && o.error.reason !== 'BATCH_ABORTED');
      if (cause && !cause.ok) throw cause.error;
      const vouchers = outcomes.map(unwrap);
      return commands.map((_, index) => ({ reversal: vouchers[2 * index]!, correction: vouchers[2 * index + 1]! }));
    },

    /**
     * Posts vouchers inside another context's transaction (e.g. an interest run with its run rows), all or
     * nothing, under keys in the system's key space (`purpose` → `sys:<purpose>`).
     */
    async postWithin(tx: Tx, actor: Actor, commands: readonly (Omit<PostVoucherCommand, 'idempotencyKey'> & { readonly purpose: string })[]): Promise<PostedVoucher[]> {
      const requests = commands.map(({ purpose, ...command }) => ({ actor, ...command, idempotencyKey: systemKey(purpose) }));
      return (await engine.post(requests, 'all-or-nothing', tx)).map(unwrap);
    },

    /**
     * Vouchers another context derives from instructions it has authorized itself (the revenue intake's
     * divided receipts), each standing or falling alone, under keys in the system's key space (`purpose`
     * → `sys:<purpose>`): a retry of the same purpose returns the first voucher. Inside `tx` they commit
     * with the caller's own rows, and the day they post on cannot close before.
     */
    async postDerived(
      actor: Actor,
      commands: readonly (Omit<PostVoucherCommand, 'idempotencyKey'> & { readonly purpose: string })[],
      tx?: Tx,
    ): Promise<PostingOutcome[]> {
      return engine.post(
        commands.map(({ purpose, ...command }) => ({ actor, ...command, idempotencyKey: systemKey(purpose) })),
        'per-voucher',
        tx,
      );
    },

    /** Going live: a treasury's opening balances, checked at entry and posted on its first business day once approved (R48). */
    checkOpeningBalances: openingBalances.check,
    postOpeningBalancesWithin: openingBalances.postWithin,

    async getVoucher(actor: Actor, treasuryId: string, voucherId: string): Promise<PostedVoucher> {
      authorize(actor, 'ledger.read', treasuryId);
      return reader.get(treasuryId, voucherId);
    },

    async listVouchers(actor: Actor, treasuryId: string, businessDate: BusinessDate, page: PageRequest) {
      authorize(actor, 'ledger.read', treasuryId);
      return reader.listOfDay(treasuryId, businessDate, page);
    },

    async getAccount(actor: Actor, treasuryId: string, number: string) {
      authorize(actor, 'ledger.read', treasuryId);
      return accounts.get(treasuryId, number);
    },

    async listAccounts(actor: Actor, treasuryId: string, page: PageRequest) {
      authorize(actor, 'ledger.read', treasuryId);
      return accounts.list(treasuryId, page);
    },

    async listEntries(actor: Actor, treasuryId: string, number: string, from: BusinessDate, to: BusinessDate, page: PageRequest) {
      authorize(actor, 'ledger.read', treasuryId);
      return accounts.entries(treasuryId, number, from, to, page);
    },

    async currentDay(actor: Actor, treasuryId: string) {
      authorize(actor, 'ledger.read', treasuryId);
      return days.current(treasuryId);
    },

    /**
     * Each treasury deposit account's balance at the close of the last business day on or before `date` (库存, R57(2)):
     * what a statement with the finance bureau compares account by account.
     */
    async depositBalancesAt(actor: Actor, treasuryId: string, date: BusinessDate): Promise<{ accountNumber: string; subjectCode: string; level: string; balance: string; date: BusinessDate }[]> {
      authorize(actor, 'ledger.read', treasuryId);
      const day = await days.lastOnOrBefore(treasuryId, date);
      if (!day) return [];
      const [statement, accountsOf] = await Promise.all([days.statement(treasuryId, day), setup.accountsOf(treasuryId)]);
      const deposits = new Map(accountsOf.filter((a) => a.subject.role === 'deposit').map((a) => [a.number, a.fiscalLevel ?? '']));
      return statement.accounts
        .filter((row) => deposits.has(row.accountNumber))
        .map((row) => ({ accountNumber: row.accountNumber, subjectCode: row.subjectCode, level: deposits.get(row.accountNumber)!, balance: row.closing.toFixed(2), date: day }));
    },

    async dailyStatement(actor: Actor, treasuryId: string, date: BusinessDate) {
      authorize(actor, 'ledger.read', treasuryId);
      return days.statement(treasuryId, date);
    },

    /** The working calendar of `year` in force; the calendar is national, `treasuryId` is where the reader stands. */
    async getCalendar(actor: Actor, treasuryId: string, year: number) {
      authorize(actor, 'calendar.read', treasuryId);
      return calendar.ofYear(year);
    },

    /** 月计表 / 年计表 and the general ledger of a month ("YYYY-MM") or a year ("YYYY") (R29, R57(4)). */
    async periodStatement(actor: Actor, treasuryId: string, period: string) {
      authorize(actor, 'ledger.read', treasuryId);
      return months.statement(treasuryId, period);
    },

    /** The internal month-end reconciliation (R57(4)): every check a month close runs, with what it finds. */
    async monthEndChecks(actor: Actor, treasuryId: string, month: string) {
      authorize(actor, 'ledger.read', treasuryId);
      return months.checks(treasuryId, month);
    },

    /** A month's or a year's statement as a workbook (accounts and subjects sheets) or a CSV. */
    async exportPeriodStatement(actor: Actor, treasuryId: string, period: string, format: string) {
      authorize(actor, 'ledger.read', treasuryId);
      return periodStatementFile(await months.statement(treasuryId, period), format);
    },

    /** Closes a month (月结, R57(4)) once every business day of it is closed and the month-end checks hold. */
    async closeMonth(actor: Actor, treasuryId: string, month: string) {
      authorize(actor, 'day.close', treasuryId);
      return months.close(actor, treasuryId, month);
    },

    async closeBusinessDay(actor: Actor, treasuryId: string, date: BusinessDate) {
      authorize(actor, 'day.close', treasuryId);
      const started = performance.now();
      const closed = await days.close(actor, treasuryId, date);
      options.onDayClose?.((performance.now() - started) / 1000);
      return closed;
    },
  };
}

export type Ledger = ReturnType<typeof createLedger>;
