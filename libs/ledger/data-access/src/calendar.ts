import type { Sql, Tx } from '@jinku/db';
import { failedPrecondition, notFound } from '@jinku/kernel';
import { BusinessCalendar, datesChangedBetween, parseCalendarYear, validateCalendarYear, yearOf, type CalendarDay } from '@jinku/ledger-domain';

/** One recorded version of a year's working calendar; the latest version of a year is in force. */
export interface CalendarVersion {
  readonly year: number;
  readonly version: number;
  readonly days: readonly CalendarDay[];
  /** The approved calendar-change request it came from; null for a trusted seed load. */
  readonly approvalRequestId: string | null;
  readonly recordedAt: Date;
}

interface VersionRow {
  year: number;
  version: number;
  days: CalendarDay[];
  approval_request_id: string | null;
  recorded_at: Date;
}

const toVersion = (row: VersionRow): CalendarVersion => ({
  year: row.year,
  version: row.version,
  days: row.days,
  approvalRequestId: row.approval_request_id,
  recordedAt: row.recorded_at,
});

/** Serializes changes of one year, so each reads the latest version after the previous one committed. */
const yearLockKey = (year: number): string => `calendar_year\u001f${year}`;

/**
 * The national working calendar as a controlled parameter (R19(1)): every change of a year's schedule is a
 * new, append-only version, recorded with the approval it came from.
 */
export class CalendarVersions {
  constructor(private readonly sql: Sql) {}

  /** The calendar in force: the latest version of every loaded year. */
  async inForce(sql: Sql | Tx = this.sql): Promise<BusinessCalendar> {
    const rows = await sql<{ year: number; days: CalendarDay[] }[]>`
      select distinct on (year) year, days from ledger.calendar_versions order by year, version desc`;
    return new BusinessCalendar(
      rows.flatMap((r) => r.days),
      rows.map((r) => r.year),
    );
  }

  /** The version of `year` in force; refuses NOT_FOUND when the year was never loaded. */
  async ofYear(year: number): Promise<CalendarVersion> {
    parseCalendarYear(year);
    const [row] = await this.sql<VersionRow[]>`
      select year, version, days, approval_request_id, recorded_at from ledger.calendar_versions
      where year = ${year} order by version desc limit 1`;
    if (!row) throw notFound('CALENDAR_NOT_LOADED', `the working calendar of ${year} is not loaded`, { year: String(year) });
    return toVersion(row);
  }

  /**
   * Records `days` as the new schedule of `year`, inside the transaction of the approval that allowed it
   * (the caller authorized and approved the change), so the version and the approval commit together.
   */
  async changeWithin(tx: Tx, year: number, days: readonly CalendarDay[], approvalRequestId: string): Promise<CalendarVersion> {
    await this.assertChangeable(year, days, tx);
    return this.record(tx, year, days, approvalRequestId);
  }

  /**
   * A change may not touch a date the books have already reached: the days opened and closed on the old
   * schedule stay what they were. Refuses CALENDAR_PAST_DAYS naming the first such date; checked when the
   * change is entered and again when it is approved.
   */
  async assertChangeable(year: number, days: readonly CalendarDay[], sql: Sql | Tx = this.sql): Promise<void> {
    const [current] = await sql<{ days: CalendarDay[] }[]>`
      select days from ledger.calendar_versions where year = ${year} order by version desc limit 1`;
    if (!current) return; // No day of an unloaded year can have opened.
    const [reached] = await sql<{ date: string | null }[]>`select max(date)::text as date from ledger.business_days`;
    const touched = datesChangedBetween(current.days, days).filter((date) => reached?.date && date <= reached.date);
    if (touched.length > 0) {
      throw failedPrecondition('CALENDAR_PAST_DAYS', `${touched[0]} is on or before ${reached!.date}, a day the books have already opened; past days keep their schedule`, {
        date: touched[0]!,
      });
    }
  }

  /** Trusted seed and test loads: each year the days fall in gets a new version holding exactly those days. */
  async load(days: readonly CalendarDay[]): Promise<CalendarVersion[]> {
    const years = [...new Set(days.map((d) => yearOf(d.date)))].sort((a, b) => a - b);
    return this.sql.begin(async (tx) => {
      const versions: CalendarVersion[] = [];
      for (const year of years) versions.push(await this.record(tx, year, days.filter((d) => yearOf(d.date) === year), null));
      return versions;
    });
  }

  private async record(tx: Tx, year: number, days: readonly CalendarDay[], approvalRequestId: string | null): Promise<CalendarVersion> {
    const schedule = validateCalendarYear(year, days).map(({ date, kind, name }) => ({ date, kind, name }));
    await tx`select pg_advisory_xact_lock(hashtextextended(${yearLockKey(year)}, 0))`;
    const [row] = await tx<VersionRow[]>`
      insert into ledger.calendar_versions (year, version, days, approval_request_id)
      select ${year}::int, coalesce(max(version), 0) + 1, ${tx.json(schedule)}, ${approvalRequestId}::bigint
      from ledger.calendar_versions where year = ${year}
      returning year, version, days, approval_request_id, recorded_at`;
    return toVersion(row!);
  }
}
