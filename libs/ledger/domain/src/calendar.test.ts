import { refusalOfCall } from '@jinku/kernel/testing';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar, validateCalendarYear, type CalendarDay } from './calendar';

// 2026 National Day: 1–7 October off; Saturday 10 October is a make-up working day (调休).
const calendar = new BusinessCalendar([
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, kind: 'holiday' as const })),
  { date: '2026-10-10', kind: 'workday' as const },
]);

describe('BusinessCalendar', () => {
  it('treats weekdays as business days and weekends as closed', () => {
    expect(calendar.isBusinessDay('2026-11-20')).toBe(true); // Friday
    expect(calendar.isBusinessDay('2026-11-21')).toBe(false); // Saturday
  });

  it('skips a holiday block and stops on a make-up Saturday', () => {
    expect(calendar.nextBusinessDay('2026-09-30')).toBe('2026-10-08');
    expect(calendar.nextBusinessDay('2026-10-09')).toBe('2026-10-10');
    expect(calendar.isBusinessDay('2026-10-10')).toBe(true);
  });

  it('rolls a Saturday forward to Monday and keeps a business day', () => {
    expect(calendar.onOrAfter('2026-11-21')).toBe('2026-11-23');
    expect(calendar.onOrAfter('2026-11-23')).toBe('2026-11-23');
  });

  it('knows the years it was given, from the days or explicitly', () => {
    expect(calendar.loadedYears).toEqual([2026]);
    expect(new BusinessCalendar([], [2027, 2026]).loadedYears).toEqual([2026, 2027]);
    // A loaded year without any holiday listed is plain Monday–Friday.
    expect(new BusinessCalendar([], [2027]).nextBusinessDay('2027-01-01')).toBe('2027-01-04');
  });

  it('refuses to place a date in a year whose schedule is not loaded, naming the year', () => {
    // Thursday 31 December 2026: the next day is in 2027, whose New Year's Day must not open by default.
    for (const call of [
      () => calendar.nextBusinessDay('2026-12-31'),
      () => calendar.isBusinessDay('2027-01-01'),
      () => calendar.onOrAfter('2027-01-04'),
      () => calendar.isBusinessDay('2025-12-31'),
    ]) {
      expect(refusalOfCall(call)).toMatchObject({ kind: 'failed_precondition', reason: 'CALENDAR_NOT_LOADED' });
    }
    expect(refusalOfCall(() => calendar.nextBusinessDay('2026-12-31'))?.details).toEqual({ year: '2027' });
    expect(refusalOfCall(() => calendar.isBusinessDay('2025-12-31'))?.details).toEqual({ year: '2025' });
    // Inside the year the same calendar still answers.
    expect(calendar.nextBusinessDay('2026-12-30')).toBe('2026-12-31');
  });

  it('crosses into the next year once that year is loaded', () => {
    const twoYears = new BusinessCalendar([{ date: '2027-01-01', kind: 'holiday' }], [2026, 2027]);
    expect(twoYears.nextBusinessDay('2026-12-31')).toBe('2027-01-04');
  });
});

describe('validateCalendarYear', () => {
  const day = (date: string, kind: CalendarDay['kind'] = 'holiday', name = '元旦'): CalendarDay => ({ date, kind, name });

  it('returns the days in date order', () => {
    expect(validateCalendarYear(2026, [day('2026-10-10', 'workday', '国庆节调休上班'), day('2026-10-01', 'holiday', '国庆节')])).toEqual([
      day('2026-10-01', 'holiday', '国庆节'),
      day('2026-10-10', 'workday', '国庆节调休上班'),
    ]);
    expect(validateCalendarYear(2027, [])).toEqual([]);
  });

  it('refuses a schedule that could not be what was published', () => {
    const cases: [number, CalendarDay[], string][] = [
      [2026, [day('2027-01-01')], 'DATE_OUTSIDE_CALENDAR_YEAR'],
      [2026, [day('2026-01-01'), day('2026-01-01')], 'DUPLICATE_CALENDAR_DATE'],
      [2026, [day('2026-02-30')], 'MALFORMED_DATE'],
      [2026, [day('2026-11-20', 'workday')], 'INVALID_CALENDAR_DAY'], // a Friday
      [2026, [{ date: '2026-01-01', kind: 'makeup' as CalendarDay['kind'], name: '元旦' }], 'INVALID_CALENDAR_DAY'],
      [2026, [day('2026-01-01', 'holiday', ' ')], 'INVALID_CALENDAR_DAY'],
      [26, [], 'INVALID_CALENDAR_YEAR'],
      [2026.5, [], 'INVALID_CALENDAR_YEAR'],
    ];
    for (const [year, days, reason] of cases) {
      expect(refusalOfCall(() => validateCalendarYear(year, days)), reason).toMatchObject({ kind: 'invalid_argument', reason });
    }
  });
});
