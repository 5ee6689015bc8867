import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedgerInvariants } from './testing';
import { ledgerFixture, payment, receipt, voucher, type LedgerFixture } from './testing/fixture';

let f: LedgerFixture;

beforeAll(async () => {
  f = await ledgerFixture();
  await f.receive('r-1', receipt('100.00'));
  await f.receive('r-2', receipt('0.01'));
  await f.postSystem('p-1', payment('30.00'));
  await f.postSystem('custody-in', voucher([['701100', 'receipt', '300.00']], '国债收款单入库'));
  await f.postSystem('custody-out', voucher([['701100', 'payment', '120.00']], '国债付款单出库'));
});
afterAll(() => f.database.drop());

describe('checkLedgerInvariants', () => {
  it('finds nothing wrong in books the posting engine wrote, custody receipts and payments included', async () => {
    expect(await checkLedgerInvariants(f.database.sql)).toEqual({ unbalancedVouchers: 0, duplicateKeys: 0, balanceMismatches: [], ok: true });
  });

  it('names an account whose stored balance drifted from its entries', async () => {
    await f.database.sql`
      update ledger.account_balances set balance = balance + 1
      where account_id = (select id from ledger.accounts where number = '201103')`;
    expect(await checkLedgerInvariants(f.database.sql)).toMatchObject({
      balanceMismatches: [{ account: 'SZ/201103', stored: '71.01', fromEntries: '70.01' }],
      ok: false,
    });
  });
});
