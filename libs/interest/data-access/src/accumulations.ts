import type { Sql } from '@jinku/db';
import { invalidArgument, type Amount } from '@jinku/kernel';
import type { InterestPeriod } from '@jinku/interest-domain';
import { Decimal } from 'decimal.js';

export interface AccountAccumulation {
  readonly accountId: string;
  readonly accountNumber: string;
  readonly subjectCode: string;
  readonly fiscalLevel: string | null;
  readonly accumulation: Amount;
  /** Calendar days of the period covered by closed balances; less than the period means days are missing. */
  readonly daysCovered: number;
}

/**
 * 计息积数 of every interest-bearing account of a treasury (R46), in one set-based query over the ledger's
 * daily statements: each closed day's closing balance is weighted by the calendar days it stands for inside
 * the period (until the next closed day, or the period's end), so weekends and holidays carry the last
 * closing balance. One query for all accounts and days, never a query per account or per day.
 */
export async function accumulationsFor(
  sql: Sql,
  treasuryId: string,
  period: InterestPeriod,
  onlyAccountId: string | null = null,
): Promise<AccountAccumulation[]> {
  const rows = await sql<{ account_id: string; number: string; subject_code: string; fiscal_level: string | null; accumulation: string; days: number }[]>`
    with bounds as (
      select ${period.from}::date as first_day, ${period.to}::date as last_day,
             (select max(business_date) from ledger.daily_balances
              where treasury_id = ${treasuryId} and business_date <= ${period.from}::date) as start_row
    ),
    spans as (
      select d.account_id, d.business_date, d.closing,
             lead(d.business_date) over (partition by d.account_id order by d.business_date) as next_date
      from ledger.daily_balances d, bounds b
      where d.treasury_id = ${treasuryId} and d.business_date >= b.start_row and d.business_date <= b.last_day
        and (${onlyAccountId}::bigint is null or d.account_id = ${onlyAccountId}::bigint)
    ),
    weighted as (
      select s.account_id, s.closing,
             least(coalesce(s.next_date, b.last_day + 1), b.last_day + 1) - greatest(s.business_date, b.first_day) as days
      from spans s, bounds b
    )
    select a.id as account_id, a.number, a.subject_code, a.fiscal_level,
           sum(w.closing * w.days)::text as accumulation, sum(w.days)::int as days
    from weighted w
    join ledger.accounts a on a.id = w.account_id
    join ledger.subjects j on j.treasury_id = a.treasury_id and j.code = a.subject_code
    where j.interest_bearing and w.days > 0
    group by a.id, a.number, a.subject_code, a.fiscal_level
    order by a.number`;
  return rows.map((row) => ({
    accountId: row.account_id,
    accountNumber: row.number,
    subjectCode: row.subject_code,
    fiscalLevel: row.fiscal_level,
    accumulation: new Decimal(row.accumulation),
    daysCovered: row.days,
  }));
}

/**
 * R48: the accounts' accumulations must agree with the general ledger's — the same sum computed from the
 * subjects' daily balances (余额表). Returns the subjects that disagree, with both figures.
 */
export async function subjectsDisagreeing(
  sql: Sql,
  treasuryId: string,
  period: InterestPeriod,
  accounts: readonly AccountAccumulation[],
): Promise<{ subjectCode: string; accounts: string; generalLedger: string }[]> {
  if (period.from > period.to) throw invalidArgument('INVALID_PERIOD', 'period.from is after period.to');
  const rows = await sql<{ subject_code: string; accumulation: string }[]>`
    with bounds as (
      select ${period.from}::date as first_day, ${period.to}::date as last_day,
             (select max(business_date) from ledger.daily_subject_balances
              where treasury_id = ${treasuryId} and business_date <= ${period.from}::date) as start_row
    ),
    spans as (
      select d.subject_code, d.business_date, d.closing,
             lead(d.business_date) over (partition by d.subject_code order by d.business_date) as next_date
      from ledger.daily_subject_balances d, bounds b
      where d.treasury_id = ${treasuryId} and d.business_date >= b.start_row and d.business_date <= b.last_day
    )
    select s.subject_code,
           sum(s.closing * (least(coalesce(s.next_date, b.last_day + 1), b.last_day + 1) - greatest(s.business_date, b.first_day)))::text as accumulation
    from spans s, bounds b
    join ledger.subjects j on j.treasury_id = ${treasuryId} and j.interest_bearing
    where j.code = s.subject_code
    group by s.subject_code`;
  const bySubject = new Map<string, Decimal>();
  for (const account of accounts) {
    bySubject.set(account.subjectCode, (bySubject.get(account.subjectCode) ?? new Decimal(0)).plus(account.accumulation));
  }
  return rows
    .map((row) => ({ subjectCode: row.subject_code, generalLedger: new Decimal(row.accumulation), accounts: bySubject.get(row.subject_code) ?? new Decimal(0) }))
    .filter((row) => !row.generalLedger.equals(row.accounts))
    .map((row) => ({ subjectCode: row.subjectCode, accounts: row.accounts.toFixed(2), generalLedger: row.generalLedger.toFixed(2) }));
}
