import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from './calendar';

// 2026 National Day: 1–7 October off; Saturday 10 October is a make-up working day (调休).
const calendar = new BusinessCalendar([
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, kind: 'holiday' as const })),
  { date: '2026-10-10', kind: 'makeup_workday' as const },
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
});
