import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import type { Actor } from '@jinku/kernel';
import { refusalOf } from '@jinku/kernel/testing';
import { createLedger, ledgerMigrations, seedLedgerDemo, type Ledger } from '@jinku/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarChangeAction } from './calendar-change';

let database: TestDatabase;
let ledger: Ledger;
beforeAll(async () => {
  database = await createTestDatabase([ledgerMigrations]);
  ledger = createLedger(database);
});
afterAll(() => database.drop());

const admin: Actor = { kind: 'person', userId: 'p1', login: 'admin', treasuryId: 'SZ', posts: ['system_admin'], scopes: [], reach: ['SZ'], jurisdictionId: 'SZ' };
const supervisor: Actor = { ...admin, userId: 'p2', login: 'supervisor', posts: ['accounting_supervisor'] };
const payload2027 = {
  year: 2027,
  days: [
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-01-02', kind: 'holiday', name: '元旦' },
    { date: '2027-01-03', kind: 'holiday', name: '元旦' },
  ],
};

describe('calendar_change', () => {
  it('is entered under calendar.change and always approved by the supervisor, with no money and no key elements', async () => {
    const action = calendarChangeAction(ledger);
    const change = await action.parse(payload2027, 'SZ', admin);
    expect(action.policy).toEqual({ kind: 'calendar_change', permission: 'calendar.change' });
    expect(action.important(change)).toBe(true);
    expect(action.targetOf(change)).toBe('calendar:2027');
    expect(action.amountOf(change)).toBeNull();
    expect(action.keyElementsOf(change)).toBeNull();
  });

  it('refuses at entry a payload that could never be a year’s schedule', async () => {
    const action = calendarChangeAction(ledger);
    const cases: [unknown, string][] = [
      [null, 'MALFORMED_PAYLOAD'],
      [{ year: '2027', days: [] }, 'MALFORMED_PAYLOAD'],
      [{ year: 2027 }, 'MALFORMED_PAYLOAD'],
      [{ year: 2027, days: [{ date: '2027-01-01', kind: 'holiday' }] }, 'MALFORMED_PAYLOAD'],
      [{ year: 2027, days: [{ date: '2026-12-31', kind: 'holiday', name: '元旦' }] }, 'DATE_OUTSIDE_CALENDAR_YEAR'],
      [{ year: 2027, days: [{ date: '2027-01-04', kind: 'workday', name: '调休' }] }, 'INVALID_CALENDAR_DAY'], // a Monday
      [{ year: 2027, days: [{ date: '2027-01-01', kind: 'makeup_workday', name: '元旦' }] }, 'INVALID_CALENDAR_DAY'],
      [{ year: 27, days: [] }, 'INVALID_CALENDAR_YEAR'],
    ];
    for (const [payload, reason] of cases) {
      const parsed = Promise.resolve().then(() => action.parse(payload, 'SZ', admin));
      expect(await refusalOf(parsed), JSON.stringify(payload)).toMatchObject({ kind: 'invalid_argument', reason });
    }
  });

  it('once approved, records the year’s new version with the request, inside the approval’s transaction', async () => {
    const action = calendarChangeAction(ledger);
    const change = await action.parse(payload2027, 'SZ', admin);
    const context = { requestId: '31', treasuryId: 'SZ', initiator: admin, approver: supervisor, enteredAt: new Date() };
    expect(await database.sql.begin((tx) => action.execute(tx, change, context))).toEqual({ year: '2027', version: '1' });
    expect(await ledger.getCalendar(supervisor, 'SZ', 2027)).toMatchObject({ version: 1, approvalRequestId: '31', days: payload2027.days });
    expect(await refusalOf(ledger.getCalendar(supervisor, 'SZ', 2028))).toMatchObject({ reason: 'CALENDAR_NOT_LOADED' });
  });

  it('never changes a day the books have already reached (CALENDAR_PAST_DAYS); later days may change', async () => {
    const action = calendarChangeAction(ledger);
    await seedLedgerDemo(ledger.setup, ledger.days, '2026-11-20');
    const current = (await ledger.calendar.ofYear(2026)).days;
    const pastChanged = { year: 2026, days: current.filter((d) => d.date !== '2026-10-01') };
    expect(await refusalOf(Promise.resolve().then(() => action.parse(pastChanged, 'SZ', admin)))).toMatchObject({
      kind: 'failed_precondition',
      reason: 'CALENDAR_PAST_DAYS',
      details: { date: '2026-10-01' },
    });
    const futureChanged = { year: 2026, days: [...current, { date: '2026-12-31', kind: 'holiday', name: '调休' }] };
    const change = await action.parse(futureChanged, 'SZ', admin);
    const context = { requestId: '32', treasuryId: 'SZ', initiator: admin, approver: supervisor, enteredAt: new Date() };
    expect(await database.sql.begin((tx) => action.execute(tx, change, context))).toMatchObject({ year: '2026' });
  });
});
