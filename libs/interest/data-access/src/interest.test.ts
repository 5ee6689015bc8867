import { createApprovals, approvalsMigrations } from '@jinku/approvals';
import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import { parseAmount, type Actor } from '@jinku/kernel';
import { refusalOf } from '@jinku/kernel/testing';
import { createLedger, ledgerMigrations, seedLedgerDemo, type Ledger } from '@jinku/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInterest, type Interest } from './interest';
import { interestMigrations } from './migrations';
import { depositRateChangeAction } from './rate-change';
import { interestCorrectionAction } from './correction';

let database: TestDatabase;
let ledger: Ledger;
let interest: Interest;

const person = (userId: string, post: Actor['posts'][number]): Actor => ({ userId, login: userId, treasuryId: 'SZ', posts: [post] });
const operator = person('operator', 'income_operator');
const supervisor = person('supervisor', 'accounting_supervisor');

/** Moves `amount` between the clearing account and a deposit account (into it, or out of it). */
const move = (key: string, amount: string, into: boolean, deposit = '201103') =>
  ledger.postVoucher(operator, {
    treasuryId: 'SZ',
    idempotencyKey: key,
    draft: {
      kind: 'ordinary',
      summary: into ? '入库' : '拨付',
      documents: [{ kind: 'form', reference: key }],
      lines: [
        { accountNumber: '105100', side: into ? 'debit' : 'credit', amount: parseAmount(amount), fiscalLevel: null, classificationCode: null },
        { accountNumber: deposit, side: into ? 'credit' : 'debit', amount: parseAmount(amount), fiscalLevel: null, classificationCode: null },
      ],
    },
  });

/** Closes open days until the open day is `until` or later. */
async function closeThrough(until: string): Promise<void> {
  for (let day = (await ledger.days.current('SZ')).date; day < until; day = (await ledger.days.current('SZ')).date) {
    await ledger.closeBusinessDay(supervisor, 'SZ', day);
  }
}

async function approveRate(effectiveFrom: string, annualRate: string): Promise<void> {
  const approvals = createApprovals(database, ledger, [depositRateChangeAction]);
  const request = await approvals.submit(person(`admin-${effectiveFrom}`, 'system_admin'), {
    kind: 'deposit_rate_change',
    treasuryId: 'SZ',
    idempotencyKey: `rate-${effectiveFrom}`,
    payload: { effectiveFrom, annualRate },
    documents: [{ kind: 'pbc_rate_notice', reference: effectiveFrom }],
  });
  for (const actor of [person(`reviewer-${effectiveFrom}`, 'reviewer'), supervisor]) {
    await approvals.act(actor, { requestId: request.id, decision: 'approve', comment: 'ok', keyElements: null });
  }
}

const interestVouchers = () =>
  database.sql<{ n: number }[]>`select count(*)::int as n from ledger.vouchers where maker_id = 'system:interest'`.then(([r]) => r!.n);

beforeAll(async () => {
  database = await createTestDatabase([ledgerMigrations, approvalsMigrations, interestMigrations]);
  ledger = createLedger(database);
  interest = createInterest(database, ledger);
  await seedLedgerDemo(ledger.setup, ledger.days, '2026-09-18'); // Friday; the 2026 holiday calendar is loaded
  await approveRate('2025-01-01', '0.0035');
  await approveRate('2026-11-01', '0.0030'); // changes inside the period: the settlement day's rate applies
  await move('receipt', '1000000.00', true); // 201103 holds 1,000,000.00 from Friday 18 September
});
afterAll(() => database.drop());

describe('quarterly interest (R46–R48)', () => {
  it('refuses to compute while the settlement day is not closed', async () => {
    expect(await refusalOf(interest.preview('SZ', '2026-12-20'))).toMatchObject({ reason: 'SETTLEMENT_DAY_NOT_CLOSED' });
  });

  it('computes a worked example: balance change and rate change inside the period', async () => {
    await closeThrough('2026-11-02');
    await move('payment', '400000.00', false); // from Monday 2 November 201103 holds 600,000.00
    await closeThrough('2026-12-21'); // 20 December is a Sunday: Friday 18th's closing stands for it
    const preview = await interest.preview('SZ', '2026-12-20');
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

  it('posts once per account and period; a rerun is a no-op', async () => {
    const accounts = (await interest.preview('SZ', '2026-12-20')).accounts.length; // 2011/2012/2013 × provincial, municipal
    // Only 201103 earns interest; the others round to zero: recorded as done, nothing posted.
    expect(await interest.run('SZ', '2026-12-20')).toEqual({ posted: 1, alreadyDone: 0, stopped: 0 });
    expect((await ledger.accounts.get('SZ', '201103')).balance.toFixed(2)).toBe('600595.00');
    expect(await interest.run('SZ', '2026-12-20')).toEqual({ posted: 0, alreadyDone: accounts, stopped: 0 });
    expect(await interestVouchers()).toBe(1);
  });

  it('resumes after a crash mid-run without posting any account twice', async () => {
    // Next quarter the special deposit 201203 earns interest too; the run dies after its first chunk.
    await move('special', '100000.00', true, '201203');
    await closeThrough('2027-03-22');
    const earning = (await interest.preview('SZ', '2027-03-20')).accounts.filter((a) => !a.interest.isZero()).map((a) => a.accountNumber);
    expect(earning).toEqual(['201103', '201203']);
    const crash = interest.run('SZ', '2027-03-20', {
      chunkSize: 3,
      onProgress: (done) => {
        if (done === 3) throw new Error('worker killed');
      },
    });
    await expect(crash).rejects.toThrow('worker killed');
    expect(await interestVouchers()).toBe(2); // 201102, 201103, 201202 committed: one voucher (201103)
    expect(await interest.run('SZ', '2027-03-20', { chunkSize: 3 })).toEqual({ posted: 1, alreadyDone: 3, stopped: 0 });
    const [row] = await database.sql<{ runs: number; accounts: number }[]>`
      select count(*)::int as runs, count(distinct account_id)::int as accounts from interest.runs where settlement_day = '2027-03-20'`;
    expect(row).toEqual({ runs: 6, accounts: 6 });
    expect(await interestVouchers()).toBe(3);
  });

  it('corrects a settled period through approvals: pays what is missing, returns what is too much (R48)', async () => {
    const approvals = createApprovals(database, ledger, [interestCorrectionAction(ledger, interest)]);
    const correct = async (key: string, settlementDay: string, accountNumber: string) => {
      const request = await approvals.submit(operator, {
        kind: 'interest_correction',
        treasuryId: 'SZ',
        idempotencyKey: key,
        payload: { settlementDay, accountNumber },
        documents: [{ kind: 'audit_finding', reference: key }],
      });
      await approvals.act(person(`reviewer-${key}`, 'reviewer'), { requestId: request.id, decision: 'approve', comment: 'ok', keyElements: null });
      return approvals.act(supervisor, { requestId: request.id, decision: 'approve', comment: 'ok', keyElements: null });
    };
    const balance = async (number: string) => (await ledger.accounts.get('SZ', number)).balance.toFixed(2);
    // Say the December run had recorded 500.00 for 201103 instead of 595.00: 95.00 is paid through the same flow.
    await database.sql`update interest.runs set amount = 500.00 where settlement_day = '2026-12-20'
                       and account_id = (select id from ledger.accounts where number = '201103' and treasury_id = 'SZ')`;
    const before = await balance('201103');
    expect((await correct('fix-1', '2026-12-20', '201103')).result).toMatchObject({ difference: '95.00' });
    expect(await balance('201103')).toBe(parseAmount(before).plus('95.00').toFixed(2));
    // Once corrected, the recorded figure is right: a second correction has nothing to do and posts nothing.
    expect(await refusalOf(correct('fix-2', '2026-12-20', '201103'))).toMatchObject({ reason: 'NO_DIFFERENCE' });
    // Too much for 201203 in March: 10.00 is reversed out of the level's treasury account and returned.
    await database.sql`update interest.runs set amount = amount + 10.00 where settlement_day = '2027-03-20'
                       and account_id = (select id from ledger.accounts where number = '201203' and treasury_id = 'SZ')`;
    const beforeReturn = await balance('201103');
    expect((await correct('fix-3', '2027-03-20', '201203')).result).toMatchObject({ difference: '-10.00' });
    expect(await balance('201103')).toBe(parseAmount(beforeReturn).minus('10.00').toFixed(2));
  });
});
