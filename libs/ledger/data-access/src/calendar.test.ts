import { POSTS } from '@jinku/kernel';
import { refusalOf } from '@jinku/kernel/testing';
import type { CalendarDay } from '@jinku/ledger-domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaCalendarOverrides } from './demo/calendar-cn';
import { ledgerFixture, SUB_TREASURY, TREASURY, type LedgerFixture } from './testing/fixture';

let f: LedgerFixture;
beforeAll(async () => {
  f = await ledgerFixture();
});
afterAll(() => f.database.drop());

const published2026 = chinaCalendarOverrides.filter((d) => d.date.startsWith('2026-'));
const versionsOf = async (year: number) =>
  (await f.database.sql<{ version: number }[]>`select version from ledger.calendar_versions where year = ${year} order by version`).map((r) => r.version);
const change = (year: number, days: readonly CalendarDay[], requestId: string) =>
  f.database.sql.begin((tx) => f.ledger.calendar.changeWithin(tx, year, days, requestId));
/** Whoever reads the calendar: any post of the branch. */
const reader = () => f.person(['voucher_clerk']);

describe('the working calendar as a versioned parameter', () => {
  it('the seed load is version 1 of each year it covers, with no approval behind it', async () => {
    const v2025 = await f.ledger.getCalendar(reader(), TREASURY, 2025);
    const v2026 = await f.ledger.getCalendar(reader(), TREASURY, 2026);
    expect(v2025).toMatchObject({ year: 2025, version: 1, approvalRequestId: null });
    expect(v2026).toMatchObject({ year: 2026, version: 1, approvalRequestId: null, days: published2026 });
    expect(v2026.days.find((d) => d.date === '2026-10-10')).toEqual({ date: '2026-10-10', kind: 'workday', name: '国庆节调休上班' });
    expect((await f.ledger.days.calendar()).loadedYears).toEqual([2025, 2026]);
  });

  it('a year never loaded is not found, and a year that is no year is refused', async () => {
    expect(await refusalOf(f.ledger.getCalendar(reader(), TREASURY, 2027))).toMatchObject({
      kind: 'not_found',
      reason: 'CALENDAR_NOT_LOADED',
      details: { year: '2027' },
    });
    expect(await refusalOf(f.ledger.getCalendar(reader(), TREASURY, 0))).toMatchObject({ kind: 'invalid_argument', reason: 'INVALID_CALENDAR_YEAR' });
  });

  it('is read by the people of the jurisdiction, not by another treasury’s people nor by machine principals', async () => {
    for (const post of POSTS) expect((await f.ledger.getCalendar(f.person([post]), TREASURY, 2026)).version).toBe(1);
    // The branch reads it for its sub-treasury (the calendar is national; the treasury is where the reader stands).
    expect((await f.ledger.getCalendar(reader(), SUB_TREASURY, 2026)).version).toBe(1);
    for (const outsider of [f.person(['director'], SUB_TREASURY), f.link, f.machine(['ledger_read'])]) {
      expect(await refusalOf(f.ledger.getCalendar(outsider, TREASURY, 2026)), outsider.login).toMatchObject({ kind: 'permission_denied' });
    }
  });

  it('an approved change is a new version recorded with its request; the latest version is in force', async () => {
    const day = { date: '2026-12-24', kind: 'holiday', name: '测试假日' } as const; // a Thursday
    const recorded = await change(2026, [...published2026, day], '17');
    expect(recorded).toMatchObject({ year: 2026, version: 2, approvalRequestId: '17' });
    expect(await f.ledger.getCalendar(reader(), TREASURY, 2026)).toEqual(recorded);
    expect((await f.ledger.days.calendar()).isBusinessDay('2026-12-24')).toBe(false);
    // Version 1 is still on record, unchanged.
    expect(await versionsOf(2026)).toEqual([1, 2]);
    const [first] = await f.database.sql<{ days: CalendarDay[] }[]>`select days from ledger.calendar_versions where year = 2026 and version = 1`;
    expect(first!.days).toEqual(published2026);
  });

  it('a change rolled back with its approval leaves no version behind', async () => {
    const approvalFailed = new Error('the final approval did not commit');
    await expect(
      f.database.sql.begin(async (tx) => {
        await f.ledger.calendar.changeWithin(tx, 2027, [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }], '18');
        throw approvalFailed;
      }),
    ).rejects.toBe(approvalFailed);
    expect(await versionsOf(2027)).toEqual([]);
  });

  it('refuses a schedule with a date outside its year, writing nothing', async () => {
    expect(await refusalOf(change(2027, [{ date: '2026-12-31', kind: 'holiday', name: '元旦' }], '19'))).toMatchObject({
      kind: 'invalid_argument',
      reason: 'DATE_OUTSIDE_CALENDAR_YEAR',
    });
    expect(await versionsOf(2027)).toEqual([]);
  });

  it('concurrent changes of one year get consecutive versions, never the same one', async () => {
    const days = [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] as const;
    const recorded = await Promise.all(['20', '21', '22'].map((requestId) => change(2027, days, requestId)));
    expect(recorded.map((v) => v.version).sort()).toEqual([1, 2, 3]);
    expect(await versionsOf(2027)).toEqual([1, 2, 3]);
  });

  it('a seed load of a year already loaded writes a new version holding exactly what was loaded', async () => {
    await f.ledger.setup.loadCalendar([{ date: '2027-02-08', kind: 'holiday', name: '春节' }]);
    expect(await f.ledger.getCalendar(reader(), TREASURY, 2027)).toMatchObject({
      version: 4,
      approvalRequestId: null,
      days: [{ date: '2027-02-08', kind: 'holiday', name: '春节' }],
    });
  });

  it('recorded versions cannot be rewritten or removed, even by direct SQL', async () => {
    await expect(f.database.sql`update ledger.calendar_versions set days = '[]' where year = 2026`).rejects.toThrow(/append-only/);
    await expect(f.database.sql`delete from ledger.calendar_versions where year = 2026`).rejects.toThrow(/append-only/);
    await expect(f.database.sql`truncate ledger.calendar_versions`).rejects.toThrow(/append-only/);
    expect(await versionsOf(2026)).toEqual([1, 2]);
  });
});
