import type { Actor } from '@jinku/kernel';
import { refusalOf } from '@jinku/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standardAccounts, standardSubjects } from './demo/chart';
import type { Page, PageRequest } from './pagination';
import { FIRST_DAY, ledgerFixture, payment, receipt, SUB_TREASURY, TREASURY, voucher, type LedgerFixture } from './testing/fixture';

const MONDAY = '2026-11-23';
const TUESDAY = '2026-11-24';

let f: LedgerFixture;
let account201103: string;

// Receipts come from the link; payments only from the system, under `sys:<purpose>`.
const receive = (key: string, draft: ReturnType<typeof voucher>) => f.receive(key, draft);
const pay = (purpose: string, amount: string) => f.postSystem(purpose, payment(amount));
const close = (date: string) => f.ledger.closeBusinessDay(f.supervisor, TREASURY, date);

beforeAll(async () => {
  f = await ledgerFixture();
  // Friday: five vouchers, four of them touching 201103.
  await receive('fri-1', receipt('100.00'));
  await receive('fri-2', receipt('200.00'));
  await receive('fri-3', voucher([['105100', 'debit', '50.00'], ['201102', 'credit', '50.00']]));
  await pay('fri-4', '30.00');
  await receive('fri-5', receipt('400.00'));
  await close(FIRST_DAY);
  // Monday: two entries on 201103. Tuesday: one.
  await receive('mon-1', receipt('1.00'));
  await pay('mon-2', '2.00');
  await close(MONDAY);
  await receive('tue-1', receipt('3.00'));
  const [row] = await f.database.sql<{ id: string }[]>`select id from ledger.accounts where treasury_id = ${TREASURY} and number = '201103'`;
  account201103 = row!.id;
});
afterAll(() => f.database.drop());

/** Follows next_page_token to the end, recording every page. */
async function walk<T>(fetch: (page: PageRequest) => Promise<Page<T>>, pageSize: number): Promise<T[][]> {
  const pages: T[][] = [];
  let pageToken = '';
  do {
    const page = await fetch({ pageSize, pageToken });
    pages.push(page.items);
    pageToken = page.nextPageToken;
    if (pages.length > 100) throw new Error('paging does not terminate');
  } while (pageToken);
  return pages;
}

/** Entry ids of 201103 in (business date, id) order, straight from the table. */
async function entryIdsOf201103(from: string, to: string): Promise<string[]> {
  const rows = await f.database.sql<{ id: string }[]>`
    select id from ledger.entries where account_id = ${account201103} and business_date between ${from} and ${to} order by business_date, id`;
  return rows.map((r) => r.id);
}

describe('account entries (分户账), paged', () => {
  it('walks every entry across days in (date, id) order, two per page, without duplicates or gaps', async () => {
    const pages = await walk((page) => f.ledger.accounts.entries(TREASURY, '201103', FIRST_DAY, TUESDAY, page), 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]); // 4 on Friday, 2 on Monday, 1 on Tuesday
    const entries = pages.flat();
    expect(entries.map((e) => e.entryId)).toEqual(await entryIdsOf201103(FIRST_DAY, TUESDAY));
    expect(entries.map((e) => e.businessDate)).toEqual([FIRST_DAY, FIRST_DAY, FIRST_DAY, FIRST_DAY, MONDAY, MONDAY, TUESDAY]);
    expect(entries.map((e) => `${e.side} ${e.amount.toFixed(2)}`)).toEqual([
      'credit 100.00',
      'credit 200.00',
      'debit 30.00',
      'credit 400.00',
      'credit 1.00',
      'debit 2.00',
      'credit 3.00',
    ]);
  });

  it('a last page that is exactly full carries no next page token', async () => {
    const pages = await walk((page) => f.ledger.accounts.entries(TREASURY, '201103', FIRST_DAY, FIRST_DAY, page), 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2]);
    expect(pages.flat().map((e) => e.entryId)).toEqual(await entryIdsOf201103(FIRST_DAY, FIRST_DAY));
  });

  it('respects the date range and the default page size', async () => {
    const pages = await walk((page) => f.ledger.accounts.entries(TREASURY, '201103', MONDAY, TUESDAY, page), 2);
    expect(pages.flat().map((e) => e.entryId)).toEqual(await entryIdsOf201103(MONDAY, TUESDAY));
    expect(pages.flat()).toHaveLength(3);
    const all = await f.ledger.accounts.entries(TREASURY, '201103', FIRST_DAY, TUESDAY, { pageSize: 0, pageToken: '' });
    expect(all.items).toHaveLength(7);
    expect(all.nextPageToken).toBe('');
  });

  it('refuses a bogus page token, a negative page size and an unknown account', async () => {
    const entries = (page: PageRequest) => f.ledger.accounts.entries(TREASURY, '201103', FIRST_DAY, TUESDAY, page);
    const token = (position: unknown) => Buffer.from(JSON.stringify(position)).toString('base64url');
    for (const pageToken of ['not-a-token', token(['2026-11-20']), token(['yesterday', '1']), token(['2026-11-20', 'one']), token(['2026-13-45', '1']), token({})]) {
      expect(await refusalOf(entries({ pageSize: 2, pageToken })), pageToken).toMatchObject({ kind: 'invalid_argument', reason: 'INVALID_PAGE_TOKEN' });
    }
    expect(await refusalOf(entries({ pageSize: -1, pageToken: '' }))).toMatchObject({ kind: 'invalid_argument', reason: 'INVALID_PAGE_SIZE' });
    expect(await refusalOf(f.ledger.accounts.entries(TREASURY, '999999', FIRST_DAY, TUESDAY, { pageSize: 2, pageToken: '' }))).toMatchObject({
      kind: 'not_found',
      reason: 'ACCOUNT_NOT_FOUND',
    });
  });
});

describe('vouchers of a day, paged', () => {
  it('walks every voucher of the day in id order, two per page, without duplicates or gaps', async () => {
    const pages = await walk((page) => f.ledger.vouchers.listOfDay(TREASURY, FIRST_DAY, page), 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    const rows = await f.database.sql<{ id: string }[]>`
      select id from ledger.vouchers where treasury_id = ${TREASURY} and business_date = ${FIRST_DAY} order by id`;
    const vouchers = pages.flat();
    expect(vouchers.map((v) => v.id)).toEqual(rows.map((r) => r.id));
    expect(vouchers.map((v) => v.idempotencyKey)).toEqual(['fri-1', 'fri-2', 'fri-3', 'sys:fri-4', 'fri-5']);
    expect(vouchers.every((v) => v.businessDate === FIRST_DAY && v.lines.length === 2)).toBe(true);
    // Another day lists only its own.
    const monday = await walk((page) => f.ledger.vouchers.listOfDay(TREASURY, MONDAY, page), 1);
    expect(monday.flat().map((v) => v.idempotencyKey)).toEqual(['mon-1', 'sys:mon-2']);
  });

  it('refuses a bogus page token and a negative page size', async () => {
    const list = (page: PageRequest) => f.ledger.vouchers.listOfDay(TREASURY, FIRST_DAY, page);
    const token = (position: unknown) => Buffer.from(JSON.stringify(position)).toString('base64url');
    for (const pageToken of ['%%%', token(['1', '2']), token(['abc']), token([null]), token(['99999999999999999999999'])]) {
      expect(await refusalOf(list({ pageSize: 2, pageToken })), pageToken).toMatchObject({ kind: 'invalid_argument', reason: 'INVALID_PAGE_TOKEN' });
    }
    expect(await refusalOf(list({ pageSize: -5, pageToken: '' }))).toMatchObject({ kind: 'invalid_argument', reason: 'INVALID_PAGE_SIZE' });
  });
});

describe('accounts, paged', () => {
  it('walks the chart in number order and refuses bad paging', async () => {
    const pages = await walk((page) => f.ledger.accounts.list(TREASURY, page), 4);
    const numbers = pages.flat().map((a) => a.account.number);
    const rows = await f.database.sql<{ number: string }[]>`select number from ledger.accounts where treasury_id = ${TREASURY} order by number`;
    expect(numbers).toEqual(rows.map((r) => r.number));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(await refusalOf(f.ledger.accounts.list(TREASURY, { pageSize: 4, pageToken: 'x' }))).toMatchObject({ reason: 'INVALID_PAGE_TOKEN' });
    expect(await refusalOf(f.ledger.accounts.list(TREASURY, { pageSize: -1, pageToken: '' }))).toMatchObject({ reason: 'INVALID_PAGE_SIZE' });
  });
});

describe('a voucher by id', () => {
  it('returns a posted voucher with its lines', async () => {
    const [first] = (await f.ledger.vouchers.listOfDay(TREASURY, FIRST_DAY, { pageSize: 1, pageToken: '' })).items;
    const got = await f.ledger.vouchers.get(TREASURY, first!.id);
    expect(got.idempotencyKey).toBe('fri-1');
    expect(got.lines.map((l) => [l.account.number, l.side, l.amount.toFixed(2)])).toEqual([
      ['105100', 'debit', '100.00'],
      ['201103', 'credit', '100.00'],
    ]);
  });

  it('an unknown, malformed, out-of-range or other treasury’s id is not found', async () => {
    await f.ledger.setup.createTreasury({ id: SUB_TREASURY, name: '福田区支库', parentId: TREASURY, fiscalLevel: 'district' });
    await f.ledger.setup.defineSubjects(SUB_TREASURY, standardSubjects);
    await f.ledger.setup.openAccounts(SUB_TREASURY, standardAccounts(['district'], FIRST_DAY));
    await f.ledger.days.openFirst(SUB_TREASURY, FIRST_DAY);
    const ftLink = f.machine(['receipt_posting'], SUB_TREASURY);
    const elsewhere = await f.ledger.postReceipt(ftLink, {
      treasuryId: SUB_TREASURY,
      idempotencyKey: 'ft-1',
      draft: voucher([['105100', 'debit', '9.00'], ['201104', 'credit', '9.00']]),
    });
    expect((await f.ledger.vouchers.get(SUB_TREASURY, elsewhere.id)).treasuryId).toBe(SUB_TREASURY);

    for (const id of ['999999', '0', 'abc', '', '-1', '1.5', elsewhere.id, '9223372036854775808', '9999999999999999999']) {
      expect(await refusalOf(f.ledger.vouchers.get(TREASURY, id)), `id ${id}`).toMatchObject({ kind: 'not_found', reason: 'VOUCHER_NOT_FOUND' });
    }
  });
});

describe('reads through the public API', () => {
  it('answer a person or a reading principal of the treasury, and refuse anyone of another treasury before looking anything up', async () => {
    const [first] = (await f.ledger.vouchers.listOfDay(TREASURY, FIRST_DAY, { pageSize: 1, pageToken: '' })).items;
    const page = { pageSize: 0, pageToken: '' };
    const reads = (actor: Actor): (() => Promise<unknown>)[] => [
      () => f.ledger.getVoucher(actor, TREASURY, first!.id),
      () => f.ledger.listVouchers(actor, TREASURY, FIRST_DAY, page),
      () => f.ledger.getAccount(actor, TREASURY, '201103'),
      () => f.ledger.listAccounts(actor, TREASURY, page),
      () => f.ledger.listEntries(actor, TREASURY, '201103', FIRST_DAY, TUESDAY, page),
      () => f.ledger.currentDay(actor, TREASURY),
      () => f.ledger.dailyStatement(actor, TREASURY, FIRST_DAY),
    ];
    for (const reader of [f.person(['voucher_clerk']), f.machine(['ledger_read']), f.link]) {
      const [voucherRead, ...rest] = await Promise.all(reads(reader).map((read) => read()));
      expect((voucherRead as { id: string }).id, reader.login).toBe(first!.id);
      expect(rest.every(Boolean)).toBe(true);
    }
    for (const outsider of [f.person(['director'], SUB_TREASURY), f.machine(['ledger_read'], SUB_TREASURY), f.machine(['ledger_read'], 'NOWHERE')]) {
      for (const read of reads(outsider)) {
        expect(await refusalOf(read()), outsider.login).toMatchObject({ kind: 'permission_denied', reason: 'OTHER_TREASURY' });
      }
      // Even an id that does not exist is refused for who is asking, not found for what is there.
      expect(await refusalOf(f.ledger.getVoucher(outsider, TREASURY, '999999'))).toMatchObject({ reason: 'OTHER_TREASURY' });
    }
  });
});
