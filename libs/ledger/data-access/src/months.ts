import type { Sql, Tx } from '@jinku/db';
import { alreadyExists, failedPrecondition, invalidArgument, type Actor, type BusinessDate } from '@jinku/kernel';
import type { DayCloseCheck } from '@jinku/ledger-domain';
import type { Directory } from './directory';
import { computePeriodStatement, frozenMonthStatement, writeMonthStatement, type PeriodStatement } from './period-statement';

/** A month-end check another context adds: a message when the month may not close, else null. */
export type MonthCloseCheck = (tx: Tx, treasuryId: string, month: { firstDay: BusinessDate; lastDay: BusinessDate }) => Promise<string | null>;

/** One month-end check and what it found: null where it holds. */
export interface MonthEndFinding {
  readonly check: string;
  readonly finding: string | null;
}

export interface MonthClosed {
  readonly treasuryId: string;
  readonly month: string;
  readonly closedBy: string;
}

const monthLockKey = (treasuryId: string) => `ledger-month\u001f${treasuryId}`;

export function monthBounds(month: string): { firstDay: BusinessDate; lastDay: BusinessDate } {
  if (!/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(month)) throw invalidArgument('MALFORMED_MONTH', 'month is YYYY-MM', { field: 'month' });
  const [year, m] = month.split('-').map(Number) as [number, number];
  return { firstDay: `${month}-01`, lastDay: `${month}-${String(new Date(Date.UTC(year, m, 0)).getUTCDate()).padStart(2, '0')}` };
}

/**
 * Month ends (月结, R57(4)): a month closes once, in order, when every business day of it is closed, its month
 * statement checks (general ledger against sub-ledgers, on-balance turnover, overall balance) and every month-end
 * check other contexts add (their off-balance books against what they hold) hold; the month statement is then
 * written, frozen.
 */
export class MonthEnds {
  private readonly contextChecks: { name: string; check: MonthCloseCheck }[] = [];

  constructor(
    private readonly sql: Sql,
    private readonly directory: Directory,
  ) {}

  addCheck(name: string, check: MonthCloseCheck): void {
    this.contextChecks.push({ name, check });
  }

  async close(actor: Actor, treasuryId: string, month: string): Promise<MonthClosed> {
    const { firstDay, lastDay } = monthBounds(month);
    return this.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtextextended(${monthLockKey(treasuryId)}, 0))`;
      const [closed] = await tx`select 1 from ledger.month_closes where treasury_id = ${treasuryId} and month = ${month}`;
      if (closed) throw alreadyExists('MONTH_CLOSED', `${month} of ${treasuryId} is closed`);
      // Months close in order: an earlier month with business days must be closed first.
      const [earlier] = await tx<{ month: string }[]>`
        select to_char(min(d.date), 'YYYY-MM') as month from ledger.business_days d
        where d.treasury_id = ${treasuryId} and d.date < ${firstDay}
          and not exists (select 1 from ledger.month_closes c where c.treasury_id = d.treasury_id and c.month = to_char(d.date, 'YYYY-MM'))`;
      if (earlier?.month) throw failedPrecondition('EARLIER_MONTH_OPEN', `${earlier.month} of ${treasuryId} closes before ${month}`, { month: earlier.month });
      const open = await tx<{ date: string }[]>`
        select date::text as date from ledger.business_days where treasury_id = ${treasuryId} and date between ${firstDay} and ${lastDay} and status = 'open'`;
      const [after] = await tx`select 1 from ledger.business_days where treasury_id = ${treasuryId} and date > ${lastDay}`;
      if (open.length > 0 || !after) {
        throw failedPrecondition('MONTH_HAS_OPEN_DAYS', `${month} of ${treasuryId} closes after its last business day: ${open.map((d) => d.date).join(', ') || 'the month has not ended in the books'} (R57(4))`);
      }
      const { statement, findings } = await this.findings(tx, treasuryId, month);
      const failures = findings.filter((f) => f.finding !== null).map((f) => `${f.check}: ${f.finding}`);
      if (failures.length > 0) throw failedPrecondition('MONTH_CLOSE_CHECK_FAILED', `${month} cannot close: ${failures.join('; ')} (R57(4))`, { checks: failures.join(' | ').slice(0, 500) });
      await tx`insert into ledger.month_closes (treasury_id, month, closed_by) values (${treasuryId}, ${month}, ${actor.userId})`;
      await writeMonthStatement(tx, statement);
      return { treasuryId, month, closedBy: actor.userId };
    });
  }

  /**
   * The internal month-end reconciliation (国库内部对账, R57(4)) as it stands: every check a close runs — the month
   * statement's own and the off-balance books against what is held — with its finding, or null where it holds.
   */
  async checks(treasuryId: string, month: string): Promise<MonthEndFinding[]> {
    return (await this.sql.begin((tx) => this.findings(tx, treasuryId, month))).findings;
  }

  private async findings(tx: Tx, treasuryId: string, month: string): Promise<{ statement: PeriodStatement; findings: MonthEndFinding[] }> {
    const bounds = monthBounds(month);
    const statement = await computePeriodStatement(tx, this.directory, treasuryId, month, bounds);
    const statementChecks: DayCloseCheck[] = ['MONTH_ROLLS_FORWARD', 'GENERAL_LEDGER_EQUALS_SUBLEDGERS', 'DAY_TURNOVER_BALANCED', 'OVERALL_BALANCE', 'NO_NEGATIVE_BALANCES'];
    const findings: MonthEndFinding[] = statementChecks.map((check) => {
      const failed = statement.failures.filter((f) => f.check === check).map((f) => f.message);
      return { check, finding: failed.length === 0 ? null : failed.join('; ') };
    });
    for (const { name, check } of this.contextChecks) findings.push({ check: name, finding: await check(tx, treasuryId, bounds) });
    return { statement, findings };
  }

  async isClosed(treasuryId: string, month: string): Promise<boolean> {
    const [closed] = await this.sql`select 1 from ledger.month_closes where treasury_id = ${treasuryId} and month = ${month}`;
    return closed !== undefined;
  }

  /**
   * A month's statement ("YYYY-MM"): frozen once the month is closed, provisional over its closed days before. A
   * year's ("YYYY", R57(4) at year end): from its days, final once its December is closed.
   */
  async statement(treasuryId: string, period: string): Promise<PeriodStatement> {
    if (/^[0-9]{4}$/.test(period)) {
      const statement = await computePeriodStatement(this.sql, this.directory, treasuryId, period, { firstDay: `${period}-01-01`, lastDay: `${period}-12-31` });
      return { ...statement, final: await this.isClosed(treasuryId, `${period}-12`) };
    }
    const bounds = monthBounds(period);
    if (await this.isClosed(treasuryId, period)) return frozenMonthStatement(this.sql, treasuryId, period);
    return computePeriodStatement(this.sql, this.directory, treasuryId, period, bounds);
  }
}
