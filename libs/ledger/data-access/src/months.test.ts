import { refusalOf } from '@jinku/kernel/testing';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerFixture, payment, receipt, TREASURY, type LedgerFixture } from './testing/fixture';

let f: LedgerFixture;

/** Closes the open business days until the open one is in the next month. */
async function closeThrough(lastDay: string): Promise<void> {
  for (let day = (await f.ledger.days.current(TREASURY)).date; day <= lastDay; day = (await f.ledger.days.current(TREASURY)).date) {
    await f.ledger.closeBusinessDay(f.supervisor, TREASURY, day);
  }
}

beforeAll(async () => {
  // The books start on the month's last Friday: 2026-11-27, then 11-30, then December.
  f = await ledgerFixture('2026-11-27');
});

afterAll(async () => {
  await f?.database.drop();
});

describe('month end (月结, R57(4))', () => {
  it('closes a month only once every business day of it is closed, its checks hold, in order, and once', async () => {
    expect(await refusalOf(f.ledger.closeMonth(f.supervisor, TREASURY, '2026-11'))).toMatchObject({ reason: 'MONTH_HAS_OPEN_DAYS' });
    await closeThrough('2026-11-30');
    let custodyAgrees = false;
    f.ledger.months.addCheck('CUSTODY_AGREES', async () => (custodyAgrees ? null : 'bearer bonds held 100.00, books 0.00'));
    expect(await refusalOf(f.ledger.closeMonth(f.supervisor, TREASURY, '2026-11'))).toMatchObject({ reason: 'MONTH_CLOSE_CHECK_FAILED', message: expect.stringContaining('CUSTODY_AGREES') });
    const findings = await f.ledger.monthEndChecks(f.supervisor, TREASURY, '2026-11');
    expect(findings.filter((f) => f.finding !== null)).toEqual([{ check: 'CUSTODY_AGREES', finding: 'bearer bonds held 100.00, books 0.00' }]);
    expect(findings.map((f) => f.check)).toEqual(['MONTH_ROLLS_FORWARD', 'GENERAL_LEDGER_EQUALS_SUBLEDGERS', 'DAY_TURNOVER_BALANCED', 'OVERALL_BALANCE', 'NO_NEGATIVE_BALANCES', 'CUSTODY_AGREES']);
    custodyAgrees = true;
    expect(await refusalOf(f.ledger.closeMonth(f.person(['voucher_clerk']), TREASURY, '2026-11'))).toMatchObject({ kind: 'permission_denied' });
    const provisional = await f.ledger.periodStatement(f.supervisor, TREASURY, '2026-11');
    expect(provisional).toMatchObject({ final: false, failures: [] });
    expect(await f.ledger.closeMonth(f.supervisor, TREASURY, '2026-11')).toEqual({ treasuryId: TREASURY, month: '2026-11', closedBy: f.supervisor.userId });
    expect(await f.ledger.periodStatement(f.supervisor, TREASURY, '2026-11')).toEqual({ ...provisional, final: true });
    expect(await refusalOf(f.ledger.closeMonth(f.supervisor, TREASURY, '2026-11'))).toMatchObject({ reason: 'MONTH_CLOSED' });
    expect(await refusalOf(f.ledger.closeMonth(f.supervisor, TREASURY, '2027-01'))).toMatchObject({ reason: 'EARLIER_MONTH_OPEN', details: { month: '2026-12' } });
  });

  it('states the month and the year from their days: each account’s first opening, the turnover, the last closing, and the general ledger per subject', async () => {
    // Two December days with receipts and a payment, closed.
    for (const [index, amount] of ['100.00', '250.50'].entries()) {
      await f.postSystem(`december-${index}`, receipt(amount));
      await f.postSystem(`december-pay-${index}`, payment('30.25'));
      await f.ledger.closeBusinessDay(f.supervisor, TREASURY, (await f.ledger.days.current(TREASURY)).date);
    }
    const statement = await f.ledger.periodStatement(f.supervisor, TREASURY, '2026-12');
    expect(statement).toMatchObject({ final: false, failures: [] });
    expect(statement.accounts.find((r) => r.accountNumber === '105100')).toMatchObject({ debit: new Decimal('350.50'), credit: new Decimal('60.50') });
    const days = await f.database.sql<{ date: string }[]>`select business_date::text as date from ledger.daily_balances where treasury_id = ${TREASURY} and business_date >= '2026-12-01' group by 1 order by 1`;
    expect(days.length).toBeGreaterThan(0);
    const [first, last] = [days[0]!.date, days.at(-1)!.date];
    const [expected] = await f.database.sql<{ opening: string; debit: string; credit: string; closing: string }[]>`
      select sum(opening) filter (where business_date = ${first})::text as opening, sum(debit_turnover)::text as debit,
             sum(credit_turnover)::text as credit, sum(closing) filter (where business_date = ${last})::text as closing
      from ledger.daily_balances where treasury_id = ${TREASURY} and business_date between ${first} and ${last}`;
    const total = (pick: 'opening' | 'debit' | 'credit' | 'closing') => statement.accounts.reduce((sum, r) => sum.plus(r[pick]), new Decimal(0)).toFixed(2);
    expect({ opening: total('opening'), debit: total('debit'), credit: total('credit'), closing: total('closing') }).toEqual(expected);
    const file = await f.ledger.exportPeriodStatement(f.supervisor, TREASURY, '2026-12', 'csv');
    expect(file.fileName).toBe(`statement-${TREASURY}-2026-12.csv`);
    expect(file.content.toString('utf8').split('\r\n')[0]).toBe('\uFEFF栏目,账号,科目,期初余额,本期借方（收入）,本期贷方（付出）,期末余额');
    expect(await refusalOf(f.ledger.exportPeriodStatement(f.supervisor, TREASURY, '2026-12', 'pdf'))).toMatchObject({ reason: 'MALFORMED_FORMAT' });

    // The year (年计表) is its months: November's opening, both months' turnover, December's closing so far.
    const [year, november] = await Promise.all(['2026', '2026-11'].map((period) => f.ledger.periodStatement(f.supervisor, TREASURY, period)));
    expect(year).toMatchObject({ period: '2026', final: false, failures: [] });
    const account = (s: typeof statement, number: string) => s.accounts.find((r) => r.accountNumber === number)!;
    const [y, n, d] = [account(year!, '105100'), account(november!, '105100'), account(statement, '105100')];
    expect([y.opening, y.debit, y.credit, y.closing].map(String)).toEqual([n.opening, n.debit.plus(d.debit), n.credit.plus(d.credit), d.closing].map(String));
  });

  it('keeps a closed month’s statement frozen, even against direct SQL', async () => {
    await expect(f.database.sql`update ledger.monthly_balances set closing = 0 where month = '2026-11'`).rejects.toThrow();
    await expect(f.database.sql`delete from ledger.monthly_subject_balances where month = '2026-11'`).rejects.toThrow();
  });

  it('finds a month whose days disagree: a forged day row breaks the roll-forward (last: the row stays)', async () => {
    await f.database.sql`
      insert into ledger.daily_balances (account_id, business_date, treasury_id, opening, debit_turnover, credit_turnover, closing)
      select id, '2026-12-31', treasury_id, 0, 0, 0, 999 from ledger.accounts where treasury_id = ${TREASURY} and number = '105100'`;
    const { failures } = await f.ledger.periodStatement(f.supervisor, TREASURY, '2026-12');
    expect(failures).toEqual([{ check: 'MONTH_ROLLS_FORWARD', message: expect.stringContaining("account 105100: statement closing 290.00 but its period's last day closed at 999.00") }]);
  });
});
