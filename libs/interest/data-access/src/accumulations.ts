import type { Sql, Tx } from '@jinku/db';
import { invalidArgument, ZERO, type Amount, type BusinessDate } from '@jinku/kernel';
import type { InterestPeriod } from '@jinku/interest-domain';
import { Decimal } from 'decimal.js';

export interface AccountAccumulation {
  readonly accountId: string;
  readonly accountNumber: string;
  readonly subjectCode: string;
  readonly fiscalLevel: string | null;
  /** 计息积数 of the period's days that the ledger's closed statements cover. */
  readonly accumulation: Amount;
  /** Calendar days of the period covered by closed balances. */
  readonly daysCovered: number;
  /**
   * Set when the account's books start inside the period (its treasury went live on Jinku then): the days
   * before are in no statement of Jinku's and count only through an accumulation carried in (R48).
   */
  readonly booksStart: BusinessDate | null;
  /** The accumulation carried in with the opening balances for the days before `booksStart`, if any. */
  readonly carriedAccumulation: Amount | null;
}

/**
 * 计息积数 of every interest-bearing account of a treasury (R46), in one set-based query over the ledger's
 * daily statements: each closed day's closing balance is weighted by the calendar days it stands for inside
 * the period (until the next closed day, or the period's end), so weekends and holidays carry the last
 * closing balance. One query for all accounts and days, never a query per account or per day. An account
 * that was on the books when the treasury went live inside the period also gets what it carried in.
 */
export async function accumulationsFor(
  sql: Sql | Tx,
  treasuryId: string,
  period: InterestPeriod,
  onlyAccountId: string | null = null,
): Promise<AccountAccumulation[]> {
  const rows = await sql<
    { account_id: string; number: string; subject_code: string; fiscal_level: string | null; accumulation: string; days: number; books_start: string | null; carried: string | null }[]
  >`
    with bounds as (
      select ${period.from}::date as first_day, ${period.to}::date as last_day,
             (select min(date) from ledger.business_days where treasury_id = ${treasuryId}) as books_start,
             (select max(business_date) from ledger.daily_balances
              where treasury_id = ${treasuryId} and business_date <= ${period.from}::date) as start_row
    ),
    spans as (
      select d.account_id, d.business_date, d.closing,
             lead(d.business_date) over (partition by d.account_id order by d.business_date) as next_date
      from ledger.daily_balances d, bounds b
      where d.treasury_id = ${treasuryId} and d.business_date >= coalesce(b.start_row, b.first_day) and d.business_date <= b.last_day
        and (${onlyAccountId}::bigint is null or d.account_id = ${onlyAccountId}::bigint)
    ),
    weighted as (
      select s.account_id, s.closing,
             least(coalesce(s.next_date, b.last_day + 1), b.last_day + 1) - greatest(s.business_date, b.first_day) as days
      from spans s, bounds b
    ),
    own as (
      select account_id, sum(closing * days) as accumulation, sum(days)::int as days from weighted where days > 0 group by account_id
    )
    select a.id as account_id, a.number, a.subject_code, a.fiscal_level,
           coalesce(o.accumulation, 0)::text as accumulation, coalesce(o.days, 0) as days,
           case when b.books_start > b.first_day and a.opened_on <= b.books_start then b.books_start::text end as books_start,
           ob.carried_accumulation::text as carried
    from ledger.accounts a
    join ledger.subjects j on j.treasury_id = a.treasury_id and j.code = a.subject_code and j.interest_bearing
    cross join bounds b
    left join own o on o.account_id = a.id
    left join ledger.opening_balances ob on ob.account_id = a.id and ob.accumulation_through between b.first_day and b.last_day
    where a.treasury_id = ${treasuryId} and a.opened_on <= b.last_day
      and (${onlyAccountId}::bigint is null or a.id = ${onlyAccountId}::bigint)
    order by a.number`;
  return rows.map((row) => ({
    accountId: row.account_id,
    accountNumber: row.number,
    subjectCode: row.subject_code,
    fiscalLevel: row.fiscal_level,
    accumulation: new Decimal(row.accumulation),
    daysCovered: row.days,
    booksStart: row.books_start,
    carriedAccumulation: row.carried === null ? null : new Decimal(row.carried),
  }));
}

export interface SubjectDisagreement {
  readonly subjectCode: string;
  readonly accounts: string;
  readonly generalLedger: string;
}

/**
 * R48: the accounts' accumulations must agree with the general ledger's — the same sum computed from the
 * subjects' daily balances (余额表). Both cover Jinku's own closed days: accumulations carried in at going
 * live are in neither. Returns the subjects that disagree, with both figures.
 */
export async function subjectsDisagreeing(
  sql: Sql | Tx,
  treasuryId: string,
  period: InterestPeriod,
  accounts: readonly AccountAccumulation[],
): Promise<SubjectDisagreement[]> {
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
      where d.treasury_id = ${treasuryId} and d.business_date >= coalesce(b.start_row, b.first_day) and d.business_date <= b.last_day
    )
    select s.subject_code,
           sum(s.closing * (least(coalesce(s.next_date, b.last_day + 1), b.last_day + 1) - greatest(s.business_date, b.first_day)))::text as accumulation
    from spans s, bounds b
    join ledger.subjects j on j.treasury_id = ${treasuryId} and j.interest_bearing
    where j.code = s.subject_code
    group by s.subject_code`;
  const byAccounts = new Map<string, Amount>();
  for (const account of accounts) byAccounts.set(account.subjectCode, (byAccounts.get(account.subjectCode) ?? ZERO).plus(account.accumulation));
  const byGeneralLedger = new Map(rows.map((row) => [row.subject_code, new Decimal(row.accumulation)]));
  // Either side may lack a subject (no account rows, or no general-ledger rows): that is a disagreement too.
  return [...new Set([...byAccounts.keys(), ...byGeneralLedger.keys()])]
    .sort()
    .map((subjectCode) => ({ subjectCode, accounts: byAccounts.get(subjectCode) ?? ZERO, generalLedger: byGeneralLedger.get(subjectCode) ?? ZERO }))
    .filter((row) => !row.generalLedger.equals(row.accounts))
    .map((row) => ({ subjectCode: row.subjectCode, accounts: row.accounts.toFixed(2), generalLedger: row.generalLedger.toFixed(2) }));
}
