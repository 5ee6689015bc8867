import { refusalOf } from '@jinku/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerFixture, TREASURY, type LedgerFixture } from './testing/fixture';

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
    custodyAgrees = true;
    expect(await refusalOf(f.ledger.closeMonth(f.person(['voucher_clerk']), TREASURY, '2026-11'))).toMatchObject({ kind: 'permission_denied' });
    expect(await f.ledger.closeMonth(f.supervisor, TREASURY, '2026-11')).toEqual({ treasuryId: TREASURY, month: '2026-11', closedBy: f.supervisor.userId });
    expect(await refusalOf(f.ledger.closeMonth(f.supervisor, TREASURY, '2026-11'))).toMatchObject({ reason: 'MONTH_CLOSED' });
    expect(await refusalOf(f.ledger.closeMonth(f.supervisor, TREASURY, '2027-01'))).toMatchObject({ reason: 'EARLIER_MONTH_OPEN', details: { month: '2026-12' } });
  });
});
