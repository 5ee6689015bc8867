import { accumulate } from '@jinku/interest-domain';
import { addDays } from '@jinku/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accumulationsFor, subjectsDisagreeing } from './accumulations';
import { interestFixture, type InterestFixture } from './testing/fixture';

let f: InterestFixture;

beforeAll(async () => {
  f = await interestFixture('2026-11-18'); // a Wednesday
  // 201103 closes at 100 (Wed 18th), 200 (Thu 19th), 300 (Fri 20th), 50 (Mon 23rd).
  for (const [day, purpose, amount, into] of [
    ['2026-11-18', 'a', '100.00', true],
    ['2026-11-19', 'b', '100.00', true],
    ['2026-11-20', 'c', '100.00', true],
    ['2026-11-23', 'd', '250.00', false],
  ] as const) {
    await f.move('SZ', purpose, amount, into);
    await f.closeThrough('SZ', addDays(day, 1));
  }
});
afterAll(() => f.database.drop());

describe('accumulationsFor', () => {
  const period = { from: '2026-11-19', to: '2026-11-23' };

  it('weights each closing by the calendar days it stands for, for interest-bearing accounts only', async () => {
    const result = await accumulationsFor(f.database.sql, 'SZ', period);
    const municipal = result.find((a) => a.accountNumber === '201103')!;
    // 19th 200 + 20th 300 + 21st 300 + 22nd 300 + 23rd 50 = 1,150.00 over 5 days
    expect({ accumulation: municipal.accumulation.toFixed(2), days: municipal.daysCovered }).toEqual({ accumulation: '1150.00', days: 5 });
    expect(result.find((a) => a.accountNumber === '201102')!.accumulation.toFixed(2)).toBe('0.00');
    expect(result.map((a) => a.subjectCode).every((code) => ['2011', '2012', '2013'].includes(code))).toBe(true);
  });

  it('agrees with the domain rule applied to the same daily statement rows', async () => {
    const rows = [];
    for (const date of ['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-23']) {
      const statement = await f.ledger.days.statement('SZ', date);
      rows.push({ date, closing: statement.accounts.find((r) => r.accountNumber === '201103')!.closing });
    }
    const [municipal] = (await accumulationsFor(f.database.sql, 'SZ', period)).filter((a) => a.accountNumber === '201103');
    expect(municipal!.accumulation.equals(accumulate(rows, period))).toBe(true);
  });

  it('agrees with the general ledger’s accumulation per subject (R48)', async () => {
    const accounts = await accumulationsFor(f.database.sql, 'SZ', period);
    expect(await subjectsDisagreeing(f.database.sql, 'SZ', period, accounts)).toEqual([]);
    const skewed = accounts.map((a) => (a.accountNumber === '201103' ? { ...a, accumulation: a.accumulation.plus('0.01') } : a));
    expect(await subjectsDisagreeing(f.database.sql, 'SZ', period, skewed)).toEqual([{ subjectCode: '2011', accounts: '1150.01', generalLedger: '1150.00' }]);
  });
});
