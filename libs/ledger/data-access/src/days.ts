import type { Sql, Tx } from '@jinku/db';
import { failedPrecondition, notFound, type Actor, type BusinessDate } from '@jinku/kernel';
import { buildDayStatement, type BusinessCalendar, type DayCloseFailure, type StatementRow } from '@jinku/ledger-domain';
import { Decimal } from 'decimal.js';
import type { CalendarVersions } from './calendar';
import type { Directory } from './directory';

export interface BusinessDay {
  readonly treasuryId: string;
  readonly date: BusinessDate;
  readonly status: 'open' | 'closed';
}

export interface AccountStatementRow extends StatementRow {
  readonly accountNumber: string;
  readonly subjectCode: string;
}

export interface SubjectStatementRow extends StatementRow {
  readonly subjectCode: string;
}

/** 日计表 and 余额表 of one day; `final` once the day is closed, provisional while it is open. */
export interface DailyStatement {
  readonly treasuryId: string;
  readonly date: BusinessDate;
  readonly final: boolean;
  readonly accounts: AccountStatementRow[];
  readonly subjects: SubjectStatementRow[];
  readonly failures: readonly DayCloseFailure[];
}

export interface DayClosed {
  readonly closed: BusinessDay;
  readonly opened: BusinessDay;
  readonly statement: DailyStatement;
}

const amount = (text: string | null) => new Decimal(text ?? '0');

/**
 * Advisory lock key ordering a treasury's postings against its day close: postings take it shared, the
 * close exclusive. Unlike the FOR SHARE row lock, a heavyweight lock queues fairly, so postings that
 * arrive while a close waits line up behind it (and land on the next day) instead of starving it.
 */
export const dayLockKey = (treasuryId: string): string => `business_day\u001f${treasuryId}`;

/**
 * A check another context adds to the day close (the revenue intake: every part remitted), run inside the
 * close's transaction after the day's postings are locked out; a message refuses the close.
 */
export type CloseCheck = (tx: Tx, treasuryId: string, date: BusinessDate) => Promise<string | null>;

export class BusinessDays {
  private readonly closeChecks: { name: string; check: CloseCheck }[] = [];

  constructor(
    private readonly sql: Sql,
    private readonly directory: Directory,
    private readonly calendars: CalendarVersions,
  ) {}

  /** Adds a check every close of a day must pass, reported under `name` when it fails. */
  addCloseCheck(name: string, check: CloseCheck): void {
    this.closeChecks.push({ name, check });
  }

  /** The treasury's last business day on or before `date`, if it has any. */
  async lastOnOrBefore(treasuryId: string, date: BusinessDate): Promise<BusinessDate | undefined> {
    const [row] = await this.sql<{ date: string | null }[]>`
      select max(date)::text as date from ledger.business_days where treasury_id = ${treasuryId} and date <= ${date}`;
    return row?.date ?? undefined;
  }

  /** The working calendar in force (the latest version of each loaded year). */
  calendar(): Promise<BusinessCalendar> {
    return this.calendars.inForce();
  }

  /** Every treasury with open books: its first business day and the day open now. */
  async openBooks(): Promise<{ treasuryId: string; firstDay: BusinessDate; openDay: BusinessDate }[]> {
    return this.sql<{ treasuryId: string; firstDay: string; openDay: string }[]>`
      select treasury_id as "treasuryId", min(date)::text as "firstDay", (max(date) filter (where status = 'open'))::text as "openDay"
      from ledger.business_days group by treasury_id having bool_or(status = 'open') order by treasury_id`;
  }

  async current(treasuryId: string): Promise<BusinessDay> {
    const [day] = await this.sql<BusinessDay[]>`
      select treasury_id as "treasuryId", date::text as date, status from ledger.business_days
      where treasury_id = ${treasuryId} and status = 'open'`;
    if (!day) throw failedPrecondition('NO_OPEN_BUSINESS_DAY', `treasury ${treasuryId} has no open business day`);
    return day;
  }

  /**
   * Starts a treasury's books on its first business day; later days open when the previous one closes.
   * The day must be a business day of a loaded calendar year (CALENDAR_NOT_LOADED otherwise).
   */
  async openFirst(treasuryId: string, date: BusinessDate): Promise<BusinessDay> {
    const [existing] = await this.sql`select 1 from ledger.business_days where treasury_id = ${treasuryId} limit 1`;
    if (existing) throw failedPrecondition('BOOKS_ALREADY_OPEN', `treasury ${treasuryId} already has business days`);
    if (!(await this.calendar()).isBusinessDay(date)) {
      throw failedPrecondition('NOT_A_BUSINESS_DAY', `${date} is not a business day of the working calendar`, { date });
    }
    await this.sql`insert into ledger.business_days (treasury_id, date, status) values (${treasuryId}, ${date}, 'open')`;
    return { treasuryId, date, status: 'open' };
  }

  /**
   * The caller was authorized by the ledger's API (`day.close`).
   * Closes the open day when every day-end check holds (R22, R57(4)), writes its statement (frozen by
   * trigger) and opens the next business day of the calendar. Refuses, naming the failing check, otherwise;
   * refuses CALENDAR_NOT_LOADED, before writing anything, when that next day falls in a year not loaded.
   */
  async close(actor: Actor, treasuryId: string, date: BusinessDate): Promise<DayClosed> {
    return this.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtextextended(${dayLockKey(treasuryId)}, 0))`;
      const [day] = await tx<{ status: string }[]>`
        select status from ledger.business_days where treasury_id = ${treasuryId} and date = ${date} for update`;
      if (!day) throw notFound('BUSINESS_DAY_NOT_FOUND', `treasury ${treasuryId} has no business day ${date}`);
      if (day.status !== 'open') throw failedPrecondition('DAY_CLOSED', `business day ${date} is already closed`);
      const next = (await this.calendars.inForce(tx)).nextBusinessDay(date);

      const statement = await this.compute(tx, treasuryId, date, false);
      const failures: { check: string; message: string }[] = [...statement.failures];
      for (const { name, check } of this.closeChecks) {
        const message = await check(tx, treasuryId, date);
        if (message) failures.push({ check: name, message });
      }
      if (failures.length > 0) {
        const [first] = failures;
        throw failedPrecondition('DAY_CLOSE_CHECK_FAILED', `day ${date} cannot close: ${failures.map((f) => f.message).join('; ')}`, {
          check: first!.check,
          failures: String(failures.length),
        });
      }
      await writeStatement(tx, statement);
      await tx`update ledger.business_days set status = 'closed', closed_at = now(), closed_by = ${actor.userId}
               where treasury_id = ${treasuryId} and date = ${date}`;
      await tx`insert into ledger.business_days (treasury_id, date, status) values (${treasuryId}, ${next}, 'open')`;
      return {
        closed: { treasuryId, date, status: 'closed' as const },
        opened: { treasuryId, date: next, status: 'open' as const },
        statement: { ...statement, final: true },
      };
    });
  }

  /** The frozen statement of a closed day, or the provisional one of the open day. */
  async statement(treasuryId: string, date: BusinessDate): Promise<DailyStatement> {
    const [day] = await this.sql<{ status: string }[]>`
      select status from ledger.business_days where treasury_id = ${treasuryId} and date = ${date}`;
    if (!day) throw notFound('BUSINESS_DAY_NOT_FOUND', `treasury ${treasuryId} has no business day ${date}`);
    if (day.status === 'closed') return this.frozen(treasuryId, date);
    return this.sql.begin((tx) => this.compute(tx, treasuryId, date, false));
  }

  private async compute(tx: Tx, treasuryId: string, date: BusinessDate, final: boolean): Promise<DailyStatement> {
    const [previous] = await tx<{ date: string | null }[]>`
      select max(date)::text as date from ledger.business_days
      where treasury_id = ${treasuryId} and status = 'closed' and date < ${date}`;
    const prior = previous?.date ?? null;
    const accountRows = await tx<
      { id: string; number: string; subject_code: string; opening: string | null; debit: string | null; credit: string | null; live: string }[]
    >`
      with movement as (
        select account_id,
               sum(amount) filter (where side in ('debit', 'receipt')) as debit,
               sum(amount) filter (where side in ('credit', 'payment')) as credit
        from ledger.entries where treasury_id = ${treasuryId} and business_date = ${date}
        group by account_id)
      select a.id, a.number, a.subject_code, p.closing as opening, m.debit, m.credit, b.balance as live
      from ledger.accounts a
      join ledger.account_balances b on b.account_id = a.id
      left join ledger.daily_balances p on p.account_id = a.id and p.business_date = ${prior}
      left join movement m on m.account_id = a.id
      where a.treasury_id = ${treasuryId}
      order by a.subject_code, a.number`;
    const subjectRows = await tx<{ code: string; opening: string | null; debit: string | null; credit: string | null }[]>`
      with movement as (
        select subject_code,
               sum(amount) filter (where side in ('debit', 'receipt')) as debit,
               sum(amount) filter (where side in ('credit', 'payment')) as credit
        from ledger.entries where treasury_id = ${treasuryId} and business_date = ${date}
        group by subject_code)
      select s.code, p.closing as opening, m.debit, m.credit
      from ledger.subjects s
      left join ledger.daily_subject_balances p on p.treasury_id = s.treasury_id and p.subject_code = s.code and p.business_date = ${prior}
      left join movement m on m.subject_code = s.code
      where s.treasury_id = ${treasuryId}
      order by s.code`;
    const subjects = await this.directory.subjects(treasuryId);
    const built = buildDayStatement(
      [...subjects.values()],
      accountRows.map((r) => ({
        accountId: r.id,
        accountNumber: r.number,
        subject: subjects.get(r.subject_code)!,
        opening: amount(r.opening),
        debit: amount(r.debit),
        credit: amount(r.credit),
        liveBalance: amount(r.live),
      })),
      subjectRows.map((r) => ({ subjectCode: r.code, opening: amount(r.opening), debit: amount(r.debit), credit: amount(r.credit) })),
    );
    return {
      treasuryId,
      date,
      final,
      accounts: accountRows.map((r) => ({ accountNumber: r.number, subjectCode: r.subject_code, ...built.accounts.get(r.id)! })),
      subjects: subjectRows.map((r) => ({ subjectCode: r.code, ...built.subjects.get(r.code)! })),
      failures: built.failures,
    };
  }

  private async frozen(treasuryId: string, date: BusinessDate): Promise<DailyStatement> {
    type Row = { number?: string; subject_code: string; opening: string; debit_turnover: string; credit_turnover: string; closing: string };
    const toRow = (r: Row) => ({
      opening: amount(r.opening),
      debit: amount(r.debit_turnover),
      credit: amount(r.credit_turnover),
      closing: amount(r.closing),
    });
    const accountRows = await this.sql<Row[]>`
      select a.number, a.subject_code, d.opening, d.debit_turnover, d.credit_turnover, d.closing
      from ledger.daily_balances d join ledger.accounts a on a.id = d.account_id
      where d.treasury_id = ${treasuryId} and d.business_date = ${date} order by a.subject_code, a.number`;
    const subjectRows = await this.sql<Row[]>`
      select subject_code, opening, debit_turnover, credit_turnover, closing from ledger.daily_subject_balances
      where treasury_id = ${treasuryId} and business_date = ${date} order by subject_code`;
    return {
      treasuryId,
      date,
      final: true,
      accounts: accountRows.map((r) => ({ accountNumber: r.number!, subjectCode: r.subject_code, ...toRow(r) })),
      subjects: subjectRows.map((r) => ({ subjectCode: r.subject_code, ...toRow(r) })),
      failures: [],
    };
  }
}

async function writeStatement(tx: Tx, statement: DailyStatement): Promise<void> {
  const { treasuryId, date } = statement;
  const money = (rows: StatementRow[], pick: keyof StatementRow) => rows.map((r) => r[pick].toFixed(2));
  await tx`
    insert into ledger.daily_balances (account_id, business_date, treasury_id, opening, debit_turnover, credit_turnover, closing)
    select a.id, ${date}, ${treasuryId}, v.opening, v.debit, v.credit, v.closing
    from unnest(${statement.accounts.map((r) => r.accountNumber)}::text[], ${money(statement.accounts, 'opening')}::numeric[],
                ${money(statement.accounts, 'debit')}::numeric[], ${money(statement.accounts, 'credit')}::numeric[],
                ${money(statement.accounts, 'closing')}::numeric[]) as v(number, opening, debit, credit, closing)
    join ledger.accounts a on a.treasury_id = ${treasuryId} and a.number = v.number`;
  await tx`
    insert into ledger.daily_subject_balances (treasury_id, subject_code, business_date, opening, debit_turnover, credit_turnover, closing)
    select ${treasuryId}, v.code, ${date}, v.opening, v.debit, v.credit, v.closing
    from unnest(${statement.subjects.map((r) => r.subjectCode)}::text[], ${money(statement.subjects, 'opening')}::numeric[],
                ${money(statement.subjects, 'debit')}::numeric[], ${money(statement.subjects, 'credit')}::numeric[],
                ${money(statement.subjects, 'closing')}::numeric[]) as v(code, opening, debit, credit, closing)`;
}
