import { addDays, invalidArgument, type BusinessDate } from '@jinku/kernel';
import type { BusinessCalendar } from '@jinku/ledger-domain';

/** R47: interest settles quarterly; the settlement day (结息日) is the 20th of each quarter's last month. */
const SETTLEMENT_MONTH_DAYS = ['03-20', '06-20', '09-20', '12-20'] as const;

export interface InterestPeriod {
  /** The day after the previous settlement day. */
  readonly from: BusinessDate;
  /** The settlement day itself, whose end-of-day balance counts. */
  readonly to: BusinessDate;
}

export function settlementDaysOf(year: number): BusinessDate[] {
  return SETTLEMENT_MONTH_DAYS.map((monthDay) => `${year}-${monthDay}`);
}

export function isSettlementDay(date: BusinessDate): boolean {
  return (SETTLEMENT_MONTH_DAYS as readonly string[]).includes(date.slice(5));
}

/** The settlement day closing the period that contains `date`. */
export function settlementDayOnOrAfter(date: BusinessDate): BusinessDate {
  const year = Number(date.slice(0, 4));
  return [...settlementDaysOf(year), ...settlementDaysOf(year + 1)].find((day) => day >= date)!;
}

/** The period a settlement day closes, whether or not its ends are business days. */
export function periodEndingOn(settlementDay: BusinessDate): InterestPeriod {
  if (!isSettlementDay(settlementDay)) {
    throw invalidArgument('NOT_A_SETTLEMENT_DAY', `${settlementDay} is not a settlement day (20 March, June, September or December)`);
  }
  const year = Number(settlementDay.slice(0, 4));
  const previous = [...settlementDaysOf(year - 1), ...settlementDaysOf(year)].filter((day) => day < settlementDay).at(-1)!;
  return { from: addDays(previous, 1), to: settlementDay };
}

/** R47: interest is booked the day after the settlement day, or the next business day after a holiday. */
export function postingDayFor(settlementDay: BusinessDate, calendar: BusinessCalendar): BusinessDate {
  return calendar.onOrAfter(addDays(settlementDay, 1));
}
