import { parseAmount } from '@jinku/kernel';
import { refusalOf } from '@jinku/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interestCorrectionAction } from './correction';
import { depositRateChangeAction } from './rate-change';
import { interestFixture, type InterestFixture } from './testing/fixture';

let f: InterestFixture;

const interestVouchers = () =>
  f.database.sql<{ n: number }[]>`select count(*)::int as n from ledger.vouchers where maker_id = 'system:interest'`.then(([r]) => r!.n);

beforeAll(async () => {
  f = await interestFixture('2026-09-18'); // Friday; the 2026 holiday calendar is loaded
  // The books run into 2027, whose schedule is a trusted load here (New Year's Day is all the test meets).
  await f.ledger.calendar.load([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }]);
  const approvals = f.approvals([depositRateChangeAction(f.database)]);
  const admin = f.person('sz.admin', 'system_admin');
  await f.approved(approvals, admin, { kind: 'deposit_rate_change', idempotencyKey: 'rate-2025', payload: { effectiveFrom: '2025-01-01', annualRate: '0.0035' } });
  // Changes inside the period: the settlement day's rate applies.
  await f.approved(approvals, admin, { kind: 'deposit_rate_change', idempotencyKey: 'rate-2026-11', payload: { effectiveFrom: '2026-11-01', annualRate: '0.0030' } });
  await f.move('SZ', 'receipt', '1000000.00', true); // 201103 holds 1,000,000.00 from Friday 18 September
});
afterAll(() => f.database.drop());

describe('quarterly interest (R46–R48)', () => {
  it('refuses to compute while the settlement day is not closed', async () => {
    expect(await refusalOf(f.interest.preview(f.person('sz.operator', 'income_operator'), 'SZ', '2026-12-20'))).toMatchObject({
      reason: 'SETTLEMENT_DAY_NOT_CLOSED',
    });
  });

  it('computes a worked example: balance change and rate change inside the period', async () => {
    await f.closeThrough('SZ', '2026-11-02');
    await f.move('SZ', 'payment', '400000.00', false); // from Monday 2 November 201103 holds 600,000.00
    await f.closeThrough('SZ', '2026-12-21'); // 20 December is a Sunday: Friday 18th's closing stands for it
    const preview = await f.interest.preview(f.person('sz.operator', 'income_operator'), 'SZ', '2026-12-20');
    const account = preview.accounts.find((a) => a.accountNumber === '201103')!;
    // 21 Sep – 1 Nov: 42 days × 1,000,000.00 = 42,000,000.00; 2 Nov – 20 Dec: 49 days × 600,000.00 = 29,400,000.00
    // accumulation 71,400,000.00 × 0.0030 (in force on 20 Dec; no split at 1 Nov) ÷ 360 = 595.00
    expect({
      accumulation: account.accumulation.toFixed(2),
      rate: preview.rate.annualRate,
      interest: account.interest.toFixed(2),
      creditAccount: account.creditAccount,
      postingDay: preview.postingDay,
    }).toEqual({ accumulation: '71400000.00', rate: '0.00300000', interest: '595.00', creditAccount: '201103', postingDay: '2026-12-21' });
  });

  it('is read within the treasury and run by its accounting supervisor only', async () => {
    expect(await refusalOf(f.interest.preview(f.person('ft.supervisor', 'accounting_supervisor', 'SZ-FT'), 'SZ', '2026-12-20'))).toMatchObject({
      reason: 'OTHER_TREASURY',
    });
    expect(await refusalOf(f.interest.run(f.person('sz.operator', 'income_operator'), 'SZ', '2026-12-20'))).toMatchObject({
      reason: 'POST_MAY_NOT_RUN_INTEREST',
    });
    expect(await interestVouchers()).toBe(0);
  });

  it('posts once per account and period; a rerun is a no-op', async () => {
    const supervisor = f.person('sz.supervisor', 'accounting_supervisor');
    const accounts = (await f.interest.preview(supervisor, 'SZ', '2026-12-20')).accounts.length; // 2011/2012/2013 × provincial, municipal
    // Only 201103 earns interest; the others round to zero: recorded as done, nothing posted.
    expect(await f.interest.run(supervisor, 'SZ', '2026-12-20')).toEqual({ posted: 1, alreadyDone: 0, stopped: 0 });
    expect((await f.ledger.accounts.get('SZ', '201103')).balance.toFixed(2)).toBe('600595.00');
    expect(await f.interest.run(supervisor, 'SZ', '2026-12-20')).toEqual({ posted: 0, alreadyDone: accounts, stopped: 0 });
    expect(await interestVouchers()).toBe(1);
  });

  it('resumes after a crash mid-run without posting any account twice', async () => {
    // Next quarter the special deposit 201203 earns interest too; the scheduled run dies after its first chunk.
    await f.move('SZ', 'special', '100000.00', true, '201203');
    await f.closeThrough('SZ', '2027-03-22');
    const earning = (await f.interest.scheduled.preview('SZ', '2027-03-20')).accounts.filter((a) => !a.interest.isZero()).map((a) => a.accountNumber);
    expect(earning).toEqual(['201103', '201203']);
    const crash = f.interest.scheduled.run('SZ', '2027-03-20', {
      chunkSize: 3,
      onProgress: (done) => {
        if (done === 3) throw new Error('worker killed');
      },
    });
    await expect(crash).rejects.toThrow('worker killed');
    expect(await interestVouchers()).toBe(2); // 201102, 201103, 201202 committed: one voucher (201103)
    expect(await f.interest.scheduled.run('SZ', '2027-03-20', { chunkSize: 3 })).toEqual({ posted: 1, alreadyDone: 3, stopped: 0 });
    const [row] = await f.database.sql<{ runs: number; accounts: number }[]>`
      select count(*)::int as runs, count(distinct account_id)::int as accounts from interest.runs where settlement_day = '2027-03-20' and treasury_id = 'SZ'`;
    expect(row).toEqual({ runs: 6, accounts: 6 });
    expect(await interestVouchers()).toBe(3);
  });

  it('corrects a settled period through approvals: pays what is missing, returns what is too much (R48)', async () => {
    const approvals = f.approvals([interestCorrectionAction(f.ledger, f.interest)]);
    const operator = f.person('sz.operator', 'income_operator');
    const correct = (key: string, settlementDay: string, accountNumber: string) =>
      f.approved(approvals, operator, { kind: 'interest_correction', idempotencyKey: key, payload: { settlementDay, accountNumber } });
    const balance = async (number: string) => (await f.ledger.accounts.get('SZ', number)).balance.toFixed(2);
    // Say the December run had recorded 500.00 for 201103 instead of 595.00: 95.00 is paid through the same flow.
    await f.database.sql`update interest.runs set amount = 500.00 where settlement_day = '2026-12-20'
                         and account_id = (select id from ledger.accounts where number = '201103' and treasury_id = 'SZ')`;
    const before = await balance('201103');
    expect((await correct('fix-1', '2026-12-20', '201103')).result).toMatchObject({ difference: '95.00' });
    expect(await balance('201103')).toBe(parseAmount(before).plus('95.00').toFixed(2));
    // Once corrected, the recorded figure is right: a second correction has nothing to do and posts nothing.
    expect(await refusalOf(correct('fix-2', '2026-12-20', '201103'))).toMatchObject({ reason: 'NO_DIFFERENCE' });
    // Too much for 201203 in March: 10.00 is reversed out of the level's treasury account and returned.
    await f.database.sql`update interest.runs set amount = amount + 10.00 where settlement_day = '2027-03-20'
                         and account_id = (select id from ledger.accounts where number = '201203' and treasury_id = 'SZ')`;
    const beforeReturn = await balance('201103');
    expect((await correct('fix-3', '2027-03-20', '201203')).result).toMatchObject({ difference: '-10.00' });
    expect(await balance('201103')).toBe(parseAmount(beforeReturn).minus('10.00').toFixed(2));
  });
});
