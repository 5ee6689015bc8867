import { invalidArgument } from './errors';
import { excerpt } from './text';

/** A calendar date of a treasury's books, `YYYY-MM-DD`. Time zones never enter date arithmetic. */
export type BusinessDate = string;

const DATE_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

export function parseBusinessDate(text: string, field = 'date'): BusinessDate {
  // A month 13 passes the format but is no date at all (and toISOString would throw on it).
  const date = DATE_FORMAT.test(text) ? toUtcDate(text) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw invalidArgument('MALFORMED_DATE', `${field} must be a date YYYY-MM-DD, got "${excerpt(text)}"`, { field });
  }
  return text;
}

export function addDays(date: BusinessDate, days: number): BusinessDate {
  const next = toUtcDate(date);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: BusinessDate): number {
  return toUtcDate(date).getUTCDay();
}

function toUtcDate(date: BusinessDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** The treasuries' zone: business dates, leave and deadlines are wall-clock dates there. */
export const TREASURY_TIME_ZONE = 'Asia/Shanghai';
const DATE_IN_TREASURY_ZONE = new Intl.DateTimeFormat('en-CA', { timeZone: TREASURY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in the treasuries' zone at `instant` (now by default), `YYYY-MM-DD`. */
export function treasuryDate(instant: Date = new Date()): BusinessDate {
  return DATE_IN_TREASURY_ZONE.format(instant);
}
