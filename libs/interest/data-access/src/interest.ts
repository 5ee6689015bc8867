import { withoutStatementTimeout, type Database } from '@jinku/db';
import { authorize, failedPrecondition, systemActor, ZERO, type Actor, type Amount, type BusinessDate } from '@jinku/kernel';
import { interestFor, periodEndingOn, postingDayFor, rateInForce, settlementDaysOf, type DepositRate, type InterestPeriod } from '@jinku/interest-domain';
import { jurisdictionLookup, type Ledger, type PostVoucherCommand } from '@jinku/ledger';
import { accumulationsFor, subjectsDisagreeing, type AccountAccumulation, type SubjectDisagreement } from './accumulations';
import { DepositRates, type DepositRateVersion } from './rates';

/** Interest expense account of the standard chart (国库存款利息支出). */
const INTEREST_EXPENSE_ACCOUNT = '501100';

export interface AccountInterest {
  readonly accountId: string;
  readonly accountNumber: string;
  readonly fiscalLevel: string | null;
  readonly accumulation: Amount;
  readonly interest: Amount;
  /** The same level's local fiscal treasury account that receives it as budget revenue (R47). */
  readonly creditAccount: string | null;
  /** Why this account is not posted, when it is not (e.g. its subject disagrees with the general ledger). */
  readonly stopped: string | null;
}

export interface InterestPreview {
  readonly treasuryId: string;
  readonly settlementDay: BusinessDate;
  readonly period: InterestPeriod;
  readonly rate: DepositRate;
  readonly postingDay: BusinessDate;
  readonly accounts: readonly AccountInterest[];
}

export interface RunOutcome {
  readonly posted: number;
  readonly alreadyDone: number;
  readonly stopped: number;
}

export interface RunOptions {
  /** Accounts per transaction: a crash loses at most one chunk, which the next run redoes. */
  readonly chunkSize?: number;
  readonly onProgress?: (done: number, total: number) => void | Promise<void>;
}

/** Quarterly interest on treasury deposits (SPEC §7, R46–R48). */
export function createInterest(database: Database, ledger: Ledger) {
  const { sql } = database;
  const rates = new DepositRates(sql);
  const jurisdictionOf = jurisdictionLookup(ledger.setup);

  /** Computes without posting. Refuses while the settlement day's balance can still change. */
  async function preview(treasuryId: string, settlementDay: BusinessDate, onlyAccountId: string | null = null): Promise<InterestPreview> {
    const period = periodEndingOn(settlementDay);
    const open = await ledger.days.current(treasuryId);
    if (open.date <= settlementDay) {
      throw failedPrecondition('SETTLEMENT_DAY_NOT_CLOSED', `the books of ${settlementDay} are still open (open day ${open.date}); interest is computed from closed days only`);
    }
    const rate = rateInForce(await rates.inForce((await jurisdictionOf(treasuryId)).jurisdictionId), settlementDay);
    // These scan the whole period of every account: the statement limit meant for calls must not cut them.
    const { accumulations, disagreements } = await withoutStatementTimeout(sql, async (tx) => {
      const found = await accumulationsFor(tx, treasuryId, period, onlyAccountId);
      return { accumulations: found, disagreements: await subjectsDisagreeing(tx, treasuryId, period, found) };
    });
    const disagreeing = new Map(disagreements.map((d) => [d.subjectCode, d]));
    const depositAccounts = new Map(
      (await sql<{ fiscal_level: string; number: string }[]>`
        select fiscal_level, number from ledger.accounts where treasury_id = ${treasuryId} and subject_code = '2011'`).map((r) => [r.fiscal_level, r.number]),
    );
    return {
      treasuryId,
      settlementDay,
      period,
      rate,
      postingDay: postingDayFor(settlementDay, await ledger.days.calendar()),
      accounts: accumulations.map((a) => {
        const creditAccount = (a.fiscalLevel && depositAccounts.get(a.fiscalLevel)) ?? null;
        const accumulation = a.accumulation.plus(a.carriedAccumulation ?? ZERO);
        return {
          accountId: a.accountId,
          accountNumber: a.accountNumber,
          fiscalLevel: a.fiscalLevel,
          accumulation,
          interest: interestFor(accumulation, rate.annualRate),
          creditAccount,
          stopped: stopReason(a, disagreeing.get(a.subjectCode), creditAccount),
        };
      }),
    };
  }

  /**
   * Posts the period's interest on or after the posting day, chunk by chunk. Each account's run row and
   * its voucher commit in one transaction, and the row's key (account, settlement day) makes a second
   * run — after a crash, a Redis restart or by hand — skip what is done: exactly once per account and period.
   * The vouchers are Jinku's own, made by the interest system principal whoever started the run.
   */
  async function run(treasuryId: string, settlementDay: BusinessDate, options: RunOptions = {}): Promise<RunOutcome> {
    const plan = await preview(treasuryId, settlementDay);
    const open = await ledger.days.current(treasuryId);
    if (open.date < plan.postingDay) {
      throw failedPrecondition('NOT_YET_POSTING_DAY', `interest of ${settlementDay} posts on ${plan.postingDay}; the open day is ${open.date}`);
    }
    const maker = systemActor('interest', treasuryId);
    const runnable = plan.accounts.filter((a) => !a.stopped);
    const chunkSize = options.chunkSize ?? 1000;
    let posted = 0;
    let alreadyDone = 0;
    for (let start = 0; start < runnable.length; start += chunkSize) {
      const chunk = runnable.slice(start, start + chunkSize);
      await sql.begin(async (tx) => {
        const fresh = new Set(
          (
            await tx<{ account_id: string }[]>`
              insert into interest.runs (treasury_id, account_id, settlement_day, accumulation, annual_rate, amount, posted_on)
              select ${treasuryId}, v.account_id, ${settlementDay}::date, v.accumulation, ${plan.rate.annualRate}::numeric, v.amount, ${open.date}::date
              from unnest(${chunk.map((a) => a.accountId)}::bigint[], ${chunk.map((a) => a.accumulation.toFixed(2))}::numeric[],
                          ${chunk.map((a) => a.interest.toFixed(2))}::numeric[]) as v(account_id, accumulation, amount)
              on conflict (account_id, settlement_day) do nothing
              returning account_id::text as account_id`
          ).map((r) => r.account_id),
        );
        alreadyDone += chunk.length - fresh.size;
        const toPost = chunk.filter((a) => fresh.has(a.accountId) && a.interest.isPositive() && !a.interest.isZero());
        const vouchers = await ledger.postWithin(tx, maker, toPost.map((a) => interestVoucher(treasuryId, settlementDay, a)));
        for (const [index, voucher] of vouchers.entries()) {
          await tx`update interest.runs set voucher_id = ${voucher.id} where account_id = ${toPost[index]!.accountId} and settlement_day = ${settlementDay}::date`;
        }
        posted += toPost.length;
      });
      await options.onProgress?.(Math.min(start + chunkSize, runnable.length), runnable.length);
    }
    return { posted, alreadyDone, stopped: plan.accounts.length - runnable.length };
  }

  return {
    async preview(actor: Actor, treasuryId: string, settlementDay: BusinessDate): Promise<InterestPreview> {
      authorize(actor, 'interest.read', treasuryId);
      return preview(treasuryId, settlementDay);
    },

    /** A run started by a person (RunInterest): the treasury's accounting supervisor. */
    async run(actor: Actor, treasuryId: string, settlementDay: BusinessDate, options: RunOptions = {}): Promise<RunOutcome> {
      authorize(actor, 'interest.run', treasuryId);
      return run(treasuryId, settlementDay, options);
    },

    /** The deposit rates of the treasury's jurisdiction, every version, oldest first (R47, R19(1)). */
    async listDepositRates(actor: Actor, treasuryId: string): Promise<DepositRateVersion[]> {
      authorize(actor, 'rate.read', treasuryId);
      return rates.versionsOf((await jurisdictionOf(treasuryId)).jurisdictionId);
    },

    /**
     * The scheduled settlement, started by no person: the worker's own path, trusted in-process like the
     * ledger's `setup`. The schedule is the authority (R47: interest settles every quarter).
     */
    scheduled: {
      preview: (treasuryId: string, settlementDay: BusinessDate) => preview(treasuryId, settlementDay),
      run,
      /**
       * Settlements that should have fired while the worker (or Redis) was away: per treasury with open
       * books, the settlement days since its first business day that its books have closed and that have no
       * run row. From PostgreSQL, never from the queue.
       */
      async missedSettlements(): Promise<{ treasuryId: string; settlementDay: BusinessDate }[]> {
        const settled = await sql<{ treasuryId: string; days: string[] }[]>`
          select treasury_id as "treasuryId", array_agg(distinct settlement_day::text) as days from interest.runs group by treasury_id`;
        const settledOf = new Map(settled.map((row) => [row.treasuryId, new Set(row.days)]));
        return (await ledger.days.openBooks()).flatMap(({ treasuryId, firstDay, openDay }) =>
          settlementDaysBetween(firstDay, openDay)
            .filter((day) => !settledOf.get(treasuryId)?.has(day))
            .map((settlementDay) => ({ treasuryId, settlementDay })),
        );
      },
    },

    /** One account's interest for a settled period, computed afresh (for R48 corrections, already authorized). */
    async recompute(treasuryId: string, settlementDay: BusinessDate, accountId: string): Promise<AccountInterest | null> {
      return (await preview(treasuryId, settlementDay, accountId)).accounts[0] ?? null;
    },
  };
}

/** Why an account is not posted, or null when it is. */
function stopReason(account: AccountAccumulation, mismatch: SubjectDisagreement | undefined, creditAccount: string | null): string | null {
  if (mismatch) {
    return `R48: accumulation of subject ${account.subjectCode} is ${mismatch.accounts} by account but ${mismatch.generalLedger} by general ledger`;
  }
  if (account.booksStart && !account.carriedAccumulation) return `books start ${account.booksStart} inside the period; no carried-in accumulation (R48)`;
  if (!creditAccount) return `no local fiscal treasury account (2011) of level ${account.fiscalLevel ?? 'none'}`;
  return null;
}

/** R47: the interest is booked as budget revenue into the same level's local fiscal treasury account. */
function interestVoucher(treasuryId: string, settlementDay: BusinessDate, account: AccountInterest): Omit<PostVoucherCommand, 'idempotencyKey'> & { purpose: string } {
  return {
    treasuryId,
    purpose: `interest:${settlementDay}:${account.accountId}`,
    draft: {
      kind: 'ordinary',
      summary: `${settlementDay} 结息 ${account.accountNumber} 积数 ${account.accumulation.toFixed(2)}`,
      documents: [{ kind: 'interest_settlement', reference: `${settlementDay}/${account.accountNumber}` }],
      lines: [
        { accountNumber: INTEREST_EXPENSE_ACCOUNT, side: 'debit', amount: account.interest, fiscalLevel: null, classificationCode: null },
        { accountNumber: account.creditAccount!, side: 'credit', amount: account.interest, fiscalLevel: null, classificationCode: null },
      ],
    },
  };
}

export type Interest = ReturnType<typeof createInterest>;

/** Settlement days on or after `from` and before `until`. */
function settlementDaysBetween(from: BusinessDate, until: BusinessDate): BusinessDate[] {
  const firstYear = Number(from.slice(0, 4));
  const years = Array.from({ length: Number(until.slice(0, 4)) - firstYear + 1 }, (_, i) => firstYear + i);
  return years.flatMap((year) => settlementDaysOf(year)).filter((day) => day >= from && day < until);
}
