import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import type { Actor, Post } from '@jinku/kernel';
import { refusalOf } from '@jinku/kernel/testing';
import { createLedger, ledgerMigrations, seedLedgerDemo, type Ledger } from '@jinku/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovals, type Approvals } from '../approvals';
import { approvalsMigrations } from '../migrations';
import { openingBalancesAction } from './opening-balances';

let database: TestDatabase;
let ledger: Ledger;
let approvals: Approvals;

const people = new Map<string, Actor>();
const person = (userId: string, post: Post, treasuryId = 'SZ-FT'): Actor => {
  const actor: Actor = { kind: 'person', userId, login: userId, treasuryId, posts: [post], scopes: [], reach: [treasuryId], jurisdictionId: 'SZ' };
  people.set(userId, actor);
  return actor;
};
const operator = person('ft.operator', 'income_operator');
const reviewer = person('ft.reviewer', 'reviewer');
const supervisor = person('ft.supervisor', 'accounting_supervisor');

type Entry = { accountNumber: string; balance: string; carriedAccumulation?: string };
const enter = (maker: Actor, key: string, balances: Entry[]) =>
  approvals.submit(maker, {
    kind: 'opening_balances',
    treasuryId: maker.treasuryId,
    idempotencyKey: key,
    payload: { balances },
    documents: [{ kind: 'legacy_trial_balance', reference: key }],
  });
const approve = (actor: Actor, requestId: string) => approvals.act(actor, { requestId, decision: 'approve', comment: 'ok', keyElements: null });
const written = async () => {
  const [row] = await database.sql<{ requests: number; vouchers: number; openings: number }[]>`
    select (select count(*)::int from approvals.requests) as requests, (select count(*)::int from ledger.vouchers) as vouchers,
           (select count(*)::int from ledger.opening_balances) as openings`;
  return row!;
};

/** Futian brings 700,000.00 through clearing into two deposit accounts, and 50.00 of custody. */
const futian: Entry[] = [
  { accountNumber: '105100', balance: '700000.00' },
  { accountNumber: '201104', balance: '600000.00', carriedAccumulation: '36000000.00' },
  { accountNumber: '201204', balance: '100000.00', carriedAccumulation: '0.00' },
  { accountNumber: '701100', balance: '50.00' },
];

beforeAll(async () => {
  database = await createTestDatabase([ledgerMigrations, approvalsMigrations]);
  ledger = createLedger(database);
  await seedLedgerDemo(ledger.setup, ledger.days, '2026-11-20'); // Friday: every treasury's first business day
  approvals = createApprovals(database, ledger, [openingBalancesAction(ledger)], { currentPerson: async (userId) => people.get(userId)! });
  await ledger.closeBusinessDay(person('lg.supervisor', 'accounting_supervisor', 'SZ-LG'), 'SZ-LG', '2026-11-20');
});
afterAll(() => database.drop());

describe('opening balances of a treasury going live (R48)', () => {
  it('refuses at entry what could never post, writing nothing', async () => {
    const unbalanced = futian.map((e) => (e.accountNumber === '105100' ? { ...e, balance: '690000.00' } : e));
    expect(await refusalOf(enter(operator, 'unbalanced', unbalanced))).toMatchObject({ reason: 'UNBALANCED_VOUCHER' });
    const carriedOnClearing = futian.map((e) => (e.accountNumber === '105100' ? { ...e, carriedAccumulation: '1.00' } : e));
    expect(await refusalOf(enter(operator, 'carried', carriedOnClearing))).toMatchObject({ reason: 'CARRIED_ACCUMULATION_NOT_INTEREST_BEARING' });
    expect(await refusalOf(enter(operator, 'negative', [...futian, { accountNumber: '201304', balance: '-1.00' }]))).toMatchObject({
      reason: 'NEGATIVE_OPENING_BALANCE',
    });
    expect(await refusalOf(enter(reviewer, 'reviewer', futian))).toMatchObject({ reason: 'POST_MAY_NOT_INITIATE' });
    // Longgang closed its first day already: its books are under way.
    const longgang = [{ accountNumber: '105100', balance: '1.00' }, { accountNumber: '201104', balance: '1.00' }];
    expect(await refusalOf(enter(person('lg.operator', 'income_operator', 'SZ-LG'), 'late', longgang))).toMatchObject({ reason: 'NOT_FIRST_BUSINESS_DAY' });
    expect(await written()).toEqual({ requests: 0, vouchers: 0, openings: 0 });
  });

  it('posts one balanced voucher on the first business day once approved, each account on its normal side', async () => {
    const request = await enter(operator, 'futian', futian);
    expect(request.route).toEqual(['review', 'supervisor_approval']);
    await approve(reviewer, request.id);
    const done = await approve(supervisor, request.id);
    expect(done.result).toMatchObject({ businessDate: '2026-11-20', accumulationThrough: '2026-11-19' });
    const voucher = await ledger.vouchers.get('SZ-FT', done.result!['voucherId']!);
    expect(voucher.lines.map((l) => [l.account.number, l.side, l.amount.toFixed(2)])).toEqual([
      ['105100', 'debit', '700000.00'],
      ['201104', 'credit', '600000.00'],
      ['201204', 'credit', '100000.00'],
      ['701100', 'receipt', '50.00'],
    ]);
    expect({ maker: voucher.makerId, checker: voucher.checkerId }).toEqual({ maker: operator.userId, checker: supervisor.userId });
    const rows = await database.sql<{ number: string; carried: string | null }[]>`
      select a.number, o.carried_accumulation::text as carried from ledger.opening_balances o join ledger.accounts a on a.id = o.account_id
      where o.treasury_id = 'SZ-FT' order by a.number`;
    expect(rows).toEqual([
      { number: '105100', carried: null },
      { number: '201104', carried: '36000000.00' },
      { number: '201204', carried: '0.00' },
      { number: '701100', carried: null },
    ]);
  });

  it('takes opening balances once, and keeps them as entered', async () => {
    expect(await refusalOf(enter(operator, 'futian-again', futian))).toMatchObject({ reason: 'OPENING_BALANCES_EXIST' });
    await expect(database.sql`update ledger.opening_balances set balance = 0`).rejects.toThrow('ledger.opening_balances is append-only');
  });
});
