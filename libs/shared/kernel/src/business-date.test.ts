import { describe, expect, it } from 'vitest';
import { parseBusinessDate } from './business-date';
import { refusalOfCall } from './testing';

describe('parseBusinessDate', () => {
  it('accepts calendar dates', () => {
    expect(parseBusinessDate('2026-11-20')).toBe('2026-11-20');
    expect(parseBusinessDate('2028-02-29')).toBe('2028-02-29');
  });

  it.each(['2026-13-45', '2026-00-10', '2026-02-30', '2027-02-29', '20261120', '', '2026-11-20T00:00'])('refuses "%s" as MALFORMED_DATE', (text) => {
    expect(refusalOfCall(() => parseBusinessDate(text, 'business_date'))).toMatchObject({ reason: 'MALFORMED_DATE', details: { field: 'business_date' } });
  });

  it('quotes at most an excerpt of what it refuses', () => {
    expect(refusalOfCall(() => parseBusinessDate('9'.repeat(60_000)))!.message.length).toBeLessThan(120);
  });
});
