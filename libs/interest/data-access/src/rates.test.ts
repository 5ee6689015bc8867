import type { Approvals } from '@jinku/approvals';
import { refusalOf } from '@jinku/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depositRateChangeAction } from './rate-change';
import { interestFixture, type InterestFixture } from './testing/fixture';

let f: InterestFixture;
let approvals: Approvals;

const rateChange = (key: string, effectiveFrom: string, annualRate: string, supersede = false) => ({
  kind: 'deposit_rate_change',
  idempotencyKey: key,
  payload: { effectiveFrom, annualRate, supersede },
});
const written = async () => {
  const [row] = await f.database.sql<{ requests: number; rates: number }[]>`
    select (select count(*)::int from approvals.requests) as requests, (select count(*)::int from interest.rates) as rates`;
  return row!;
};
const interestOf = async (treasuryId: string, accountNumber: string) => {
  const preview = await f.interest.preview(f.person(`${treasuryId}.operator`, 'income_operator', treasuryId), treasuryId, '2026-12-20');
  return { rate: preview.rate.annualRate, interest: preview.accounts.find((a) => a.accountNumber === accountNumber)!.interest.toFixed(2) };
};

beforeAll(async () => {
  f = await interestFixture('2026-09-18'); // Friday: the period 21 Sep – 20 Dec (91 days) is all on the books
  approvals = f.approvals([depositRateChangeAction(f.database)]);
  await f.addTreasury({ id: 'GZ', name: '国家金库广州市分库', parentId: null, fiscalLevel: 'municipal' }, '2026-09-18');
  await f.move('SZ-FT', 'ft-receipt', '360000.00', true, '201104');
  await f.move('GZ', 'gz-receipt', '1000000.00', true);
});
afterAll(() => f.database.drop());

describe('deposit rates per jurisdiction (R19(1), R47)', () => {
  it("refuses a sub-treasury's system admin, for its own treasury or the branch's, writing nothing", async () => {
    const subTreasuryAdmin = f.person('ft.admin', 'system_admin', 'SZ-FT');
    for (const treasuryId of ['SZ-FT', 'SZ']) {
      const entry = approvals.submit(subTreasuryAdmin, { ...rateChange(`ft-${treasuryId}`, '2025-01-01', '0.0035'), treasuryId, documents: [] });
      expect(await refusalOf(entry)).toMatchObject({ kind: 'permission_denied', reason: 'BRANCH_PARAMETER' });
    }
    expect(await written()).toEqual({ requests: 0, rates: 0 });
  });

  it('refuses at entry a second rate for a date (RATE_EXISTS) and superseding a date without one (NOTHING_TO_SUPERSEDE)', async () => {
    const admin = f.person('sz.admin', 'system_admin');
    await f.approved(approvals, admin, rateChange('sz-2025', '2025-01-01', '0.0035'));
    const before = await written();
    expect(await refusalOf(f.approved(approvals, admin, rateChange('sz-2025-again', '2025-01-01', '0.0040')))).toMatchObject({ reason: 'RATE_EXISTS' });
    expect(await refusalOf(f.approved(approvals, admin, rateChange('sz-2026', '2026-01-01', '0.0040', true)))).toMatchObject({
      reason: 'NOTHING_TO_SUPERSEDE',
    });
    expect(await written()).toEqual(before);
  });

  it("computes a sub-treasury's interest at its jurisdiction's rate, untouched by another jurisdiction's", async () => {
    await f.approved(approvals, f.person('gz.admin', 'system_admin', 'GZ'), rateChange('gz-2025', '2025-01-01', '0.0050'));
    for (const treasuryId of ['SZ', 'SZ-FT', 'GZ']) await f.closeThrough(treasuryId, '2026-12-21');
    // 360,000.00 × 91 days × 0.0035 ÷ 360 = 318.50; 1,000,000.00 × 91 days × 0.0050 ÷ 360 = 1,263.89
    expect(await interestOf('SZ-FT', '201104')).toEqual({ rate: '0.00350000', interest: '318.50' });
    expect(await interestOf('GZ', '201103')).toEqual({ rate: '0.00500000', interest: '1263.89' });
  });

  it('corrects a rate by superseding it: both versions stay on record, the new one applies', async () => {
    const result = await f.approved(approvals, f.person('sz.admin', 'system_admin'), rateChange('sz-2025-fix', '2025-01-01', '0.0030', true));
    expect(result.result).toMatchObject({ jurisdictionId: 'SZ', supersededRateId: expect.any(String) });
    const versions = await f.interest.listDepositRates(f.person('ft.operator', 'income_operator', 'SZ-FT'), 'SZ-FT');
    expect(versions.map(({ jurisdictionId, effectiveFrom, annualRate, superseded }) => ({ jurisdictionId, effectiveFrom, annualRate, superseded }))).toEqual([
      { jurisdictionId: 'SZ', effectiveFrom: '2025-01-01', annualRate: '0.00350000', superseded: true },
      { jurisdictionId: 'SZ', effectiveFrom: '2025-01-01', annualRate: '0.00300000', superseded: false },
    ]);
    // 360,000.00 × 91 days × 0.0030 ÷ 360 = 273.00
    expect(await interestOf('SZ-FT', '201104')).toEqual({ rate: '0.00300000', interest: '273.00' });
    expect((await f.interest.listDepositRates(f.person('gz.operator', 'income_operator', 'GZ'), 'GZ')).map((r) => r.annualRate)).toEqual(['0.00500000']);
  });

  it("shows a jurisdiction's rates only within it, and never changes a recorded rate", async () => {
    expect(await refusalOf(f.interest.listDepositRates(f.person('gz.operator', 'income_operator', 'GZ'), 'SZ'))).toMatchObject({ reason: 'OTHER_TREASURY' });
    await expect(f.database.sql`update interest.rates set annual_rate = 0.01`).rejects.toThrow('interest.rates is append-only');
    await expect(f.database.sql`delete from interest.rates`).rejects.toThrow('interest.rates is append-only');
  });
});
