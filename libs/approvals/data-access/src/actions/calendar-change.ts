import { invalidArgument } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import { validateCalendarYear, type CalendarDay, type CalendarDayKind } from '@jinku/ledger-domain';
import type { ActionDefinition } from '../action';
import { objectOf, text } from './payload';

export const CALENDAR_CHANGE = 'calendar_change';

/** The whole schedule of one year, as the State Council published (or corrected) it. */
interface CalendarChange {
  readonly year: number;
  readonly days: readonly CalendarDay[];
}

function yearIn(record: Record<string, unknown>): number {
  const year = record['year'];
  if (typeof year !== 'number') throw invalidArgument('MALFORMED_PAYLOAD', 'payload.year must be a number', { field: 'year' });
  return year;
}

function daysIn(record: Record<string, unknown>): CalendarDay[] {
  const days = record['days'];
  if (!Array.isArray(days)) throw invalidArgument('MALFORMED_PAYLOAD', 'payload.days must be an array', { field: 'days' });
  return days.map((raw) => {
    const day = objectOf(raw);
    // The kind and the name are checked against the calendar's own rules by validateCalendarYear.
    return { date: text(day, 'date'), kind: text(day, 'kind') as CalendarDayKind, name: text(day, 'name') };
  });
}

/**
 * 工作日历变更 (R19(1)): the working calendar is a system parameter shared by the whole jurisdiction, so the
 * branch's system administrator enters a year's schedule and the supervisor approves it; the approval
 * records it as the year's new calendar version, which decides every business day opened from then on.
 */
export function calendarChangeAction(ledger: Ledger): ActionDefinition<CalendarChange> {
  return {
    policy: { kind: CALENDAR_CHANGE, permission: 'calendar.change' },
    async parse(payload) {
      const record = objectOf(payload);
      const year = yearIn(record);
      const days = validateCalendarYear(year, daysIn(record));
      await ledger.calendar.assertChangeable(year, days);
      return { year, days };
    },
    targetOf: (change) => `calendar:${change.year}`,
    amountOf: () => null,
    keyElementsOf: () => null,
    important: () => true,
    async execute(tx, change, context) {
      const recorded = await ledger.calendar.changeWithin(tx, change.year, change.days, context.requestId);
      return { year: String(recorded.year), version: String(recorded.version) };
    },
  };
}
