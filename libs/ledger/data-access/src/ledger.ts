import type { Database, Tx } from '@jinku/db';
import { failedPrecondition, type Actor, type BusinessDate } from '@jinku/kernel';
import { redReversalOf, type PostedVoucher, type SourceDocument, type VoucherDraft, type VoucherLineDraft } from '@jinku/ledger-domain';
import { Accounts } from './accounts';
import { BusinessDays } from './days';
import { Directory } from './directory';
import { GroupCommit, type GroupCommitOptions } from './group-commit';
import { PostingEngine, type PostingOutcome, type PostingRequest } from './posting-engine';
import { requestHash } from './request-hash';
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
  readonly idempotencyKey: string;
  readonly summary: string;
  readonly documents: readonly SourceDocument[];
  readonly correctionLines: readonly VoucherLineDraft[];
}

export interface Reversal {
  readonly reversal: PostedVoucher;
  readonly correction: PostedVoucher | null;
}

export type LedgerOptions = GroupCommitOptions;

/** The ledger's public API: posting, reversal, days, statements and queries. */
export function createLedger(database: Database, options: LedgerOptions = {}) {
  const directory = new Directory(database.sql);
  const reader = new VoucherReader(database.sql, directory);
  const engine = new PostingEngine(database.sql, directory, (treasuryId, id, tx) => reader.get(treasuryId, id, tx));
  const groupCommit = new GroupCommit(engine, options);
  const days = new BusinessDays(database.sql, directory);
  const accounts = new Accounts(database.sql, directory);

  const unwrap = (outcome: PostingOutcome): PostedVoucher => {
    if (!outcome.ok) throw outcome.error;
    return outcome.voucher;
  };

  return {
    setup: new LedgerSetup(database.sql, directory),
    days,
    accounts,
    vouchers: reader,

    /** One voucher; concurrent calls are group-committed. A retry with the same key returns the first result. */
    async postVoucher(actor: Actor, command: PostVoucherCommand): Promise<PostedVoucher> {
      return unwrap(await groupCommit.post({ actor, ...command }));
    },

    /** Many vouchers in one transaction, each standing or falling alone (atomic per voucher). */
    postVouchers(actor: Actor, commands: readonly PostVoucherCommand[]): Promise<PostingOutcome[]> {
      return engine.post(commands.map((command) => ({ actor, ...command })));
    },

    /** Posts the red reversal and the blue correction together, or neither. */
    async reverseVoucher(actor: Actor, command: ReverseVoucherCommand): Promise<Reversal> {
      const original = await reader.get(command.treasuryId, command.voucherId);
      if (original.kind === 'reversal') {
        throw failedPrecondition('CANNOT_REVERSE_REVERSAL', `voucher ${original.id} is itself a reversal; post a new voucher instead`);
      }
      const base = { actor, treasuryId: command.treasuryId };
      const correctionDraft: VoucherDraft | null =
        command.correctionLines.length > 0
          ? { kind: 'correction', summary: command.summary, documents: command.documents, lines: command.correctionLines }
          : null;
      const requests: PostingRequest[] = [
        {
          ...base,
          idempotencyKey: command.idempotencyKey,
          reversesVoucherId: original.id,
          // The key stands for the whole command: reusing it with another correction (or none) is refused.
          companionHash: correctionDraft ? requestHash(command.treasuryId, correctionDraft) : null,
          draft: { kind: 'reversal', summary: command.summary, documents: command.documents, lines: redReversalOf(original) },
        },
      ];
      if (correctionDraft) {
        requests.push({
          ...base,
          idempotencyKey: `${command.idempotencyKey}:correction`,
          correctsVoucherId: original.id,
          draft: correctionDraft,
        });
      }
      const outcomes = await engine.post(requests, 'all-or-nothing');
      // When one of the pair is refused the other reports BATCH_ABORTED: tell the caller the actual cause.
      const cause = outcomes.find((o) => !o.ok && o.error.reason !== 'BATCH_ABORTED');
      if (cause && !cause.ok) throw cause.error;
      const [reversal, correction] = outcomes;
      return { reversal: unwrap(reversal!), correction: correction ? unwrap(correction) : null };
    },

    /** Checks a voucher's elements against the treasury's chart without posting (e.g. before a request is entered). */
    async checkDraft(treasuryId: string, draft: VoucherDraft): Promise<void> {
      await engine.check(treasuryId, draft);
    },

    /**
     * Posts a voucher that a maker-checker request approved, inside the approval's own transaction, so
     * the voucher and the final approval commit together or not at all (manual vouchers, R18(6)).
     */
    async postApproved(tx: Tx, maker: Actor, approval: { checkerId: string; requestId: string }, command: PostVoucherCommand): Promise<PostedVoucher> {
      const [outcome] = await engine.post([{ actor: maker, approval, ...command }], 'all-or-nothing', tx);
      return unwrap(outcome!);
    },

    /**
     * Posts vouchers inside another context's transaction (e.g. an interest run with its run rows), all or
     * nothing: the caller's records and the postings commit together.
     */
    async postWithin(tx: Tx, actor: Actor, commands: readonly PostVoucherCommand[]): Promise<PostedVoucher[]> {
      const outcomes = await engine.post(
        commands.map((command) => ({ actor, ...command })),
        'all-or-nothing',
        tx,
      );
      return outcomes.map(unwrap);
    },

    closeBusinessDay(actor: Actor, treasuryId: string, date: BusinessDate) {
      return days.close(actor, treasuryId, date);
    },
  };
}

export type Ledger = ReturnType<typeof createLedger>;
