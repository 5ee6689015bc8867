import { addDays, dayOfWeek, failedPrecondition, invalidArgument, parseBusinessDate, type BusinessDate } from '@jinku/kernel';

/**
 * A holiday closes a day (every day of a holiday block is listed, weekend days included); a workday opens
 * a weekend day (调休上班), as the State Council's schedule for the year says.
 */
export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export interface CalendarDay {
  readonly date: BusinessDate;
  readonly kind: CalendarDayKind;
  readonly name: string;
}

export const yearOf = (date: BusinessDate): number => Number(date.slice(0, 4));

const isWeekend = (date: BusinessDate): boolean => [0, 6].includes(dayOfWeek(date));

/**
 * The national working calendar (R19(1)): working days are Monday–Friday unless the schedule of the year
 * says otherwise. The schedule is published year by year, so a date in a year whose schedule is not
 * loaded cannot be placed: guessing "Monday–Friday" there would open New Year's Day as a business day.
 */
export class BusinessCalendar {
  private readonly days: ReadonlyMap<BusinessDate, CalendarDayKind>;
  private readonly years: ReadonlySet<number>;

  /** `loadedYears` defaults to the years the days fall in: a list of days is then those years' whole schedules. */
  constructor(days: Iterable<Pick<CalendarDay, 'date' | 'kind'>>, loadedYears?: Iterable<number>) {
    const listed = [...days];
    this.days = new Map(listed.map((d) => [d.date, d.kind]));
    this.years = new Set(loadedYears ?? listed.map((d) => yearOf(d.date)));
  }

  get loadedYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  isBusinessDay(date: BusinessDate): boolean {
    this.assertLoaded(date);
    const kind = this.days.get(date);
    if (kind) return kind === 'workday';
    return !isWeekend(date);
  }

  /** The first business day strictly after `date`. */
  nextBusinessDay(date: BusinessDate): BusinessDate {
    let next = addDays(date, 1);
    // The longest Chinese holiday block is 9 days; a year without a business day means broken data.
    for (let guard = 0; guard < 366; guard += 1, next = addDays(next, 1)) {
      if (this.isBusinessDay(next)) return next;
    }
    throw new Error(`calendar has no business day in the year after ${date}`);
  }

  /** `date` itself when it is a business day, else the next one ("顺延"). */
  onOrAfter(date: BusinessDate): BusinessDate {
    return this.isBusinessDay(date) ? date : this.nextBusinessDay(date);
  }

  private assertLoaded(date: BusinessDate): void {
    const year = yearOf(date);
    if (!this.years.has(year)) {
      throw failedPrecondition(
        'CALENDAR_NOT_LOADED',
        `the working calendar of ${year} is not loaded, so ${date} cannot be placed; load ${year}'s holiday schedule through an approved calendar change (R19(1))`,
        { year: String(year) },
      );
    }
  }
}

/** Years a schedule may be entered for: four digits, as business dates are written. */
export function parseCalendarYear(year: number, field = 'year'): number {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw invalidArgument('INVALID_CALENDAR_YEAR', `${field} must be a four-digit year, got ${year}`, { field });
  }
  return year;
}

/**
 * Checks one year's schedule as entered — every date inside the year, listed once, a known kind and a
 * name, a workday only on a weekend (on a weekday it would change nothing, so it is a mistyped date) — and
 * returns it in date order.
 */
export function validateCalendarYear(year: number, days: readonly CalendarDay[]): CalendarDay[] {
  parseCalendarYear(year);
  const seen = new Set<BusinessDate>();
  const checked = days.map((day, index) => {
    const field = `days[${index}]`;
    const date = parseBusinessDate(day.date, `${field}.date`);
    if (yearOf(date) !== year) {
      throw invalidArgument('DATE_OUTSIDE_CALENDAR_YEAR', `${field}.date ${date} is not in ${year}`, { field: `${field}.date` });
    }
    if (seen.has(date)) throw invalidArgument('DUPLICATE_CALENDAR_DATE', `${field}.date ${date} is listed twice`, { field: `${field}.date` });
    seen.add(date);
    if (!(CALENDAR_DAY_KINDS as readonly string[]).includes(day.kind)) {
      throw invalidArgument('INVALID_CALENDAR_DAY', `${field}.kind must be ${CALENDAR_DAY_KINDS.join(' or ')}`, { field: `${field}.kind` });
    }
    if (day.kind === 'workday' && !isWeekend(date)) {
      throw invalidArgument('INVALID_CALENDAR_DAY', `${field}: ${date} is a weekday; a workday entry only opens a weekend day`, { field: `${field}.date` });
    }
    if (typeof day.name !== 'string' || !day.name.trim()) {
      throw invalidArgument('INVALID_CALENDAR_DAY', `${field}.name must name the holiday`, { field: `${field}.name` });
    }
    return { date, kind: day.kind, name: day.name };
  });
  return checked.sort((a, b) => a.date.localeCompare(b.date));
}

/** The dates whose kind differs between two schedules of one year (added, removed or changed). */
export function datesChangedBetween(before: readonly CalendarDay[], after: readonly CalendarDay[]): BusinessDate[] {
  const kindsBefore = new Map(before.map((d) => [d.date, d.kind]));
  const kindsAfter = new Map(after.map((d) => [d.date, d.kind]));
  const dates = new Set([...kindsBefore.keys(), ...kindsAfter.keys()]);
  return [...dates].filter((date) => kindsBefore.get(date) !== kindsAfter.get(date)).sort();
}
