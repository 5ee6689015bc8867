import type { Sql, Tx } from '@jinku/db';
import type { BusinessDate } from '@jinku/kernel';
import { buildDayStatement, type DayCloseFailure, type StatementRow } from '@jinku/ledger-domain';
import { Decimal } from 'decimal.js';
import type { AccountStatementRow, SubjectStatementRow } from './days';
import type { Directory } from './directory';

/**
 * 月计表 or 年计表 and the general ledger of a month ("YYYY-MM") or a year ("YYYY"): per account and subject, the
 * opening of its first closed day, the period's debit and credit turnover and the closing of its last. `final` once
 * the month is closed (a month then read from the rows written at its close) or, for a year, once its December is;
 * provisional before, over the days closed so far.
 */
export interface PeriodStatement {
  readonly treasuryId: string;
  readonly period: string;
  readonly final: boolean;
  readonly accounts: AccountStatementRow[];
  readonly subjects: SubjectStatementRow[];
  /** The internal checks of R57(4) that do not hold over the period; empty on a final month statement. */
  readonly failures: readonly DayCloseFailure[];
}

type MoneyRow = { opening: string; debit: string; credit: string; closing: string };
const rowOf = (r: MoneyRow): StatementRow => ({ opening: new Decimal(r.opening), debit: new Decimal(r.debit), credit: new Decimal(r.credit), closing: new Decimal(r.closing) });

/**
 * A month or a year from its closed days' frozen statements, set-based, with the internal checks of R57(4) run over
 * it: each account's opening rolled forward by the period's turnover gives its last closing, the general ledger
 * equals the sum of its sub-ledgers, on-balance turnover balances and the overall balance holds.
 */
export async function computePeriodStatement(
  sql: Sql | Tx,
  directory: Directory,
  treasuryId: string,
  period: string,
  days: { firstDay: BusinessDate; lastDay: BusinessDate },
): Promise<PeriodStatement> {
  const accountRows = await sql<(MoneyRow & { id: string; number: string; subject_code: string })[]>`
    select a.id, a.number, a.subject_code,
           (array_agg(d.opening order by d.business_date))[1]::text as opening, sum(d.debit_turnover)::text as debit,
           sum(d.credit_turnover)::text as credit, (array_agg(d.closing order by d.business_date desc))[1]::text as closing
    from ledger.daily_balances d join ledger.accounts a on a.id = d.account_id
    where d.treasury_id = ${treasuryId} and d.business_date between ${days.firstDay} and ${days.lastDay}
    group by a.id, a.number, a.subject_code order by a.subject_code, a.number`;
  const subjectRows = await sql<(MoneyRow & { subject_code: string })[]>`
    select subject_code, (array_agg(opening order by business_date))[1]::text as opening, sum(debit_turnover)::text as debit,
           sum(credit_turnover)::text as credit, (array_agg(closing order by business_date desc))[1]::text as closing
    from ledger.daily_subject_balances
    where treasury_id = ${treasuryId} and business_date between ${days.firstDay} and ${days.lastDay}
    group by subject_code order by subject_code`;
  const subjects = await directory.subjects(treasuryId);
  const built = buildDayStatement(
    [...subjects.values()],
    accountRows.map((r) => ({ accountId: r.id, accountNumber: r.number, subject: subjects.get(r.subject_code)!, ...rowOf(r), liveBalance: new Decimal(r.closing) })),
    subjectRows.map((r) => ({ subjectCode: r.subject_code, ...rowOf(r) })),
  );
  return {
    treasuryId,
    period,
    final: false,
    accounts: accountRows.map((r) => ({ accountNumber: r.number, subjectCode: r.subject_code, ...built.accounts.get(r.id)! })),
    subjects: subjectRows.map((r) => ({ subjectCode: r.subject_code, ...built.subjects.get(r.subject_code)! })),
    failures: built.failures.map(asMonthFailure),
  };
}

/** Over a period, the day's balance-file check is the roll-forward: the sub-ledger's last closing is the balance compared. */
const asMonthFailure = (failure: DayCloseFailure): DayCloseFailure =>
  failure.check === 'SUBLEDGER_MATCHES_BALANCE_FILE'
    ? { check: 'MONTH_ROLLS_FORWARD', message: failure.message.replace('but balance file', "but its period's last day closed at") }
    : failure;

/** Writes a closing month's statement (frozen by trigger). */
export async function writeMonthStatement(tx: Tx, statement: PeriodStatement): Promise<void> {
  const { treasuryId, period: month } = statement;
  const money = (rows: readonly StatementRow[], pick: keyof StatementRow) => rows.map((r) => r[pick].toFixed(2));
  await tx`
    insert into ledger.monthly_balances (account_id, month, treasury_id, opening, debit_turnover, credit_turnover, closing)
    select a.id, ${month}, ${treasuryId}, v.opening, v.debit, v.credit, v.closing
    from unnest(${statement.accounts.map((r) => r.accountNumber)}::text[], ${money(statement.accounts, 'opening')}::numeric[],
                ${money(statement.accounts, 'debit')}::numeric[], ${money(statement.accounts, 'credit')}::numeric[],
                ${money(statement.accounts, 'closing')}::numeric[]) as v(number, opening, debit, credit, closing)
    join ledger.accounts a on a.treasury_id = ${treasuryId} and a.number = v.number`;
  await tx`
    insert into ledger.monthly_subject_balances (treasury_id, month, subject_code, opening, debit_turnover, credit_turnover, closing)
    select ${treasuryId}, ${month}, v.code, v.opening, v.debit, v.credit, v.closing
    from unnest(${statement.subjects.map((r) => r.subjectCode)}::text[], ${money(statement.subjects, 'opening')}::numeric[],
                ${money(statement.subjects, 'debit')}::numeric[], ${money(statement.subjects, 'credit')}::numeric[],
                ${money(statement.subjects, 'closing')}::numeric[]) as v(code, opening, debit, credit, closing)`;
}

/** A closed month's statement as written at its close. */
export async function frozenMonthStatement(sql: Sql, treasuryId: string, month: string): Promise<PeriodStatement> {
  const accounts = await sql<(MoneyRow & { number: string; subject_code: string })[]>`
    select a.number, a.subject_code, m.opening::text as opening, m.debit_turnover::text as debit, m.credit_turnover::text as credit, m.closing::text as closing
    from ledger.monthly_balances m join ledger.accounts a on a.id = m.account_id
    where m.treasury_id = ${treasuryId} and m.month = ${month} order by a.subject_code, a.number`;
  const subjects = await sql<(MoneyRow & { subject_code: string })[]>`
    select subject_code, opening::text as opening, debit_turnover::text as debit, credit_turnover::text as credit, closing::text as closing
    from ledger.monthly_subject_balances where treasury_id = ${treasuryId} and month = ${month} order by subject_code`;
  return {
    treasuryId,
    period: month,
    final: true,
    accounts: accounts.map((r) => ({ accountNumber: r.number, subjectCode: r.subject_code, ...rowOf(r) })),
    subjects: subjects.map((r) => ({ subjectCode: r.subject_code, ...rowOf(r) })),
    failures: [],
  };
}
