import { addDays, dayOfWeek, type BusinessDate } from '@jinku/kernel';

/** A holiday closes a weekday; a make-up working day (调休) opens a weekend day. */
export type CalendarOverrideKind = 'holiday' | 'makeup_workday';

export interface CalendarOverride {
  readonly date: BusinessDate;
  readonly kind: CalendarOverrideKind;
  readonly name: string;
}

/** Working days are Monday–Friday unless an override (loaded as data, per year) says otherwise. */
export class BusinessCalendar {
  private readonly overrides: ReadonlyMap<BusinessDate, CalendarOverrideKind>;

  constructor(overrides: Iterable<Pick<CalendarOverride, 'date' | 'kind'>>) {
    this.overrides = new Map([...overrides].map((o) => [o.date, o.kind]));
  }

  isBusinessDay(date: BusinessDate): boolean {
    const override = this.overrides.get(date);
    if (override) return override === 'makeup_workday';
    const weekday = dayOfWeek(date);
    return weekday !== 0 && weekday !== 6;
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
}
