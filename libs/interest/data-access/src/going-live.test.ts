import { parseAmount } from '@jinku/kernel';
import type { OpeningBalance } from '@jinku/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depositRateChangeAction } from './rate-change';
import { interestFixture, type InterestFixture } from './testing/fixture';

let f: InterestFixture;

const opening = (accountNumber: string, balance: string, carriedAccumulation: string | null = null): OpeningBalance => ({
  accountNumber,
  balance: parseAmount(balance),
  carriedAccumulation: carriedAccumulation === null ? null : parseAmount(carriedAccumulation),
});

beforeAll(async () => {
  f = await interestFixture('2026-09-18');
  const approvals = f.approvals([depositRateChangeAction(f.database)]);
  await f.approved(approvals, f.person('sz.admin', 'system_admin'), {
    kind: 'deposit_rate_change',
    idempotencyKey: 'rate-2025',
    payload: { effectiveFrom: '2025-01-01', annualRate: '0.0030' },
  });
  // Nanshan moves onto Jinku on Monday 2 November, inside the period 21 Sep – 20 Dec 2026.
  await f.addTreasury({ id: 'SZ-NS', name: '国家金库深圳市南山区支库', parentId: 'SZ', fiscalLevel: 'district' }, '2026-11-02');
  const maker = f.person('ns.operator', 'income_operator', 'SZ-NS');
  await f.database.sql.begin((tx) =>
    f.ledger.postOpeningBalancesWithin(tx, maker, { checkerId: 'ns.supervisor', requestId: '9001' }, 'SZ-NS', [
      opening('105100', '700000.00'),
      // 21 Sep – 1 Nov: 42 days at 1,000,000.00 in the old system
      opening('201104', '600000.00', '42000000.00'),
      opening('201204', '100000.00'), // brought without its accumulation
      opening('201304', '0.00', '0.00'),
    ]),
  );
  await f.closeThrough('SZ-NS', '2026-12-21');
});
afterAll(() => f.database.drop());

describe('interest of a treasury that went live inside the period (R48)', () => {
  it('adds the carried-in accumulation to its own days, and lists an account without one as stopped', async () => {
    const preview = await f.interest.preview(f.person('ns.operator', 'income_operator', 'SZ-NS'), 'SZ-NS', '2026-12-20');
    const accounts = preview.accounts.map((a) => ({ number: a.accountNumber, accumulation: a.accumulation.toFixed(2), interest: a.interest.toFixed(2), stopped: a.stopped }));
    // 201104: 42,000,000.00 carried in + 2 Nov – 20 Dec 49 days × 600,000.00 = 71,400,000.00 × 0.0030 ÷ 360 = 595.00
    expect(accounts).toEqual([
      { number: '201104', accumulation: '71400000.00', interest: '595.00', stopped: null },
      { number: '201204', accumulation: '4900000.00', interest: '40.83', stopped: 'books start 2026-11-02 inside the period; no carried-in accumulation (R48)' },
      { number: '201304', accumulation: '0.00', interest: '0.00', stopped: null },
    ]);
  });

  it('runs the accounts it can and skips the stopped one', async () => {
    const supervisor = f.person('ns.supervisor', 'accounting_supervisor', 'SZ-NS');
    expect(await f.interest.run(supervisor, 'SZ-NS', '2026-12-20')).toEqual({ posted: 1, alreadyDone: 0, stopped: 1 });
    expect((await f.ledger.accounts.get('SZ-NS', '201104')).balance.toFixed(2)).toBe('600595.00');
    expect((await f.ledger.accounts.get('SZ-NS', '201204')).balance.toFixed(2)).toBe('100000.00');
  });
});
