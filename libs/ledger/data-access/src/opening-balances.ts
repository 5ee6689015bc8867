import type { Sql, Tx } from '@jinku/db';
import { addDays, failedPrecondition, invalidArgument, type Actor, type Amount, type BusinessDate } from '@jinku/kernel';
import { systemKey, type Account, type PostedVoucher, type VoucherDraft, type VoucherLineDraft } from '@jinku/ledger-domain';
import { dayLockKey } from './days';
import type { Directory } from './directory';
import type { Approval } from './ledger';
import type { PostingEngine } from './posting-engine';

/** One account's balance as the treasury brings it onto Jinku. */
export interface OpeningBalance {
  readonly accountNumber: string;
  /** In the account's normal direction, not negative. */
  readonly balance: Amount;
  /**
   * 计息积数 of the interest period under way, through the day before the first business day (R48);
   * interest-bearing accounts only. Null when none is carried in.
   */
  readonly carriedAccumulation: Amount | null;
}

export interface OpeningBalancesPosted {
  readonly voucher: PostedVoucher;
  /** The last day the carried accumulations cover. */
  readonly accumulationThrough: BusinessDate;
}

const lockKey = (treasuryId: string) => `opening_balances\u001f${treasuryId}`;

/**
 * Going live mid-year: a treasury's opening balances are entered once, on its first business day, as one
 * balanced voucher (each account on its normal side) through an approved request: `check` at entry writes
 * nothing, `postWithin` posts in the final approval's transaction.
 */
export function createOpeningBalances(sql: Sql, directory: Directory, engine: PostingEngine) {
  /** The treasury's first business day, refusing when it is past or the balances are already in. */
  async function firstBusinessDay(treasuryId: string, tx?: Tx): Promise<BusinessDate> {
    const q = (tx ?? sql) as Sql;
    const [state] = await q<{ open: string | null; closed: boolean; entered: boolean }[]>`
      select (select date::text from ledger.business_days where treasury_id = ${treasuryId} and status = 'open') as open,
             exists (select 1 from ledger.business_days where treasury_id = ${treasuryId} and status = 'closed') as closed,
             exists (select 1 from ledger.opening_balances where treasury_id = ${treasuryId}) as entered`;
    if (state!.entered) throw failedPrecondition('OPENING_BALANCES_EXIST', `treasury ${treasuryId} already has its opening balances`);
    if (state!.closed) throw failedPrecondition('NOT_FIRST_BUSINESS_DAY', `treasury ${treasuryId} has closed business days: opening balances go in on its first day only`);
    if (!state!.open) throw failedPrecondition('NO_OPEN_BUSINESS_DAY', `treasury ${treasuryId} has no open business day`);
    return state!.open;
  }

  /** Binds the balances to accounts and builds the voucher; validateVoucher (through the engine) then checks it balances. */
  async function draftOf(treasuryId: string, balances: readonly OpeningBalance[], reference: string): Promise<{ draft: VoucherDraft; accounts: Account[] }> {
    if (balances.length === 0) throw invalidArgument('NO_OPENING_BALANCES', 'name at least one account and its balance');
    const byNumber = await directory.accounts(treasuryId, balances.map((b) => b.accountNumber));
    const seen = new Set<string>();
    const accounts = balances.map((entry, index) => {
      const field = `balances[${index}]`;
      const account = byNumber.get(entry.accountNumber);
      if (!account) throw invalidArgument('UNKNOWN_ACCOUNT', `${field}: no account ${entry.accountNumber} in this treasury`, { field });
      if (seen.has(account.number)) throw invalidArgument('DUPLICATE_ACCOUNT', `${field}: account ${account.number} is named twice`, { field });
      seen.add(account.number);
      if (entry.balance.isNegative() || entry.carriedAccumulation?.isNegative()) {
        throw invalidArgument('NEGATIVE_OPENING_BALANCE', `${field}: balances and accumulations are in the account's normal direction, not negative`, { field });
      }
      if (entry.carriedAccumulation && !account.subject.interestBearing) {
        throw invalidArgument('CARRIED_ACCUMULATION_NOT_INTEREST_BEARING', `${field}: ${account.number} earns no interest; it carries no accumulation`, { field });
      }
      return account;
    });
    const lines: VoucherLineDraft[] = balances.flatMap((entry, index) => {
      const { subject } = accounts[index]!;
      if (entry.balance.isZero()) return [];
      // Off-balance (custody) accounts take receipt/payment; a receipt raises them.
      const side = subject.balanceSheet === 'off' ? 'receipt' : subject.normalSide;
      return [{ accountNumber: entry.accountNumber, side, amount: entry.balance, fiscalLevel: null, classificationCode: null }];
    });
    const draft: VoucherDraft = { kind: 'ordinary', summary: '上线期初余额', documents: [{ kind: 'opening_balances', reference }], lines };
    return { draft, accounts };
  }

  return {
    /** At entry: would these balances post now? Writes nothing. */
    async check(treasuryId: string, balances: readonly OpeningBalance[]): Promise<void> {
      await firstBusinessDay(treasuryId);
      const { draft } = await draftOf(treasuryId, balances, 'entry-check');
      await engine.check(treasuryId, draft);
    },

    /**
     * Posts the opening voucher and records the balances inside the final approval's transaction. The
     * day lock (shared, as postings take it) keeps the first day from closing meanwhile; the treasury's
     * own lock makes a second set of opening balances wait and then find the first.
     */
    async postWithin(tx: Tx, maker: Actor, approval: Approval, treasuryId: string, balances: readonly OpeningBalance[]): Promise<OpeningBalancesPosted> {
      await tx`select pg_advisory_xact_lock_shared(hashtextextended(${dayLockKey(treasuryId)}, 0))`;
      await tx`select pg_advisory_xact_lock(hashtextextended(${lockKey(treasuryId)}, 0))`;
      const firstDay = await firstBusinessDay(treasuryId, tx);
      const { draft, accounts } = await draftOf(treasuryId, balances, `request:${approval.requestId}`);
      const request = { actor: maker, approval, treasuryId, draft, idempotencyKey: systemKey(`approval-request:${approval.requestId}`) };
      const [outcome] = await engine.post([request], 'all-or-nothing', tx);
      if (!outcome!.ok) throw outcome!.error;
      const accumulationThrough = addDays(firstDay, -1);
      await tx`
        insert into ledger.opening_balances (account_id, treasury_id, balance, carried_accumulation, accumulation_through, voucher_id, approval_request_id)
        select v.account_id, ${treasuryId}, v.balance, v.carried, ${accumulationThrough}::date, ${outcome!.voucher.id}, ${approval.requestId}
        from unnest(${accounts.map((a) => a.id)}::bigint[], ${balances.map((b) => b.balance.toFixed(2))}::numeric[],
                    ${balances.map((b) => b.carriedAccumulation?.toFixed(2) ?? null)}::numeric[]) as v(account_id, balance, carried)`;
      return { voucher: outcome!.voucher, accumulationThrough };
    },
  };
}
