import { approvalsMigrations, createApprovals, type Approvals } from '@jinku/approvals';
import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import type { ClaimedInstrument } from '@jinku/debt-redemption-domain';
import { parseAmount, type Actor, type Post } from '@jinku/kernel';
import { refusalOf } from '@jinku/kernel/testing';
import { createLedger, demoTreasuries, jurisdictionsOf, ledgerMigrations, seedLedgerDemo, type Ledger } from '@jinku/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDebtRedemption, type DebtRedemption } from './debt-redemption';
import { disbursementMigrations, instructionStateOf } from '@jinku/disbursement';
import { bondIssueRegistrationAction } from './issue-registration';
import { debtRedemptionMigrations } from './migrations';
import { destructionAction, vaultHandoverAction } from './custody-actions';
import { bondPaymentAction } from './payment-action';

let database: TestDatabase;
let ledger: Ledger;
let approvals: Approvals;
let redemption: DebtRedemption;
let today: string;
const people = new Map<string, Actor>();
const actor = (userId: string, kind: 'person' | 'machine', posts: Post[] = []): Actor => {
  const { reach, jurisdictionId } = jurisdictionsOf(demoTreasuries).get('SZ')!;
  const made: Actor = { kind, userId, login: userId, treasuryId: 'SZ', posts, scopes: kind === 'machine' ? ['bond_redemption'] : [], reach, jurisdictionId };
  people.set(userId, made);
  return made;
};
const bank = () => actor('principal:pab-sz', 'machine');
/** 2023 savings bond (receipts) at 3.0% for 3 years: 90.00 interest on 1,000.00; bearer bonds at 2.5% for 5 years. */
const receipt = (serial: string, overrides: Partial<ClaimedInstrument> = {}): ClaimedInstrument => ({ issueCode: 'SAV-2023-1', serial, faceValue: '1000.00', interest: '90.00', ...overrides });
const bearer = (serial: string): ClaimedInstrument => ({ issueCode: 'BEARER-2021', serial, faceValue: '100.00', interest: '12.50' });
let claims = 0;
const claim = (instruments: ClaimedInstrument[]) => redemption.submitClaim(bank(), { claimNumber: `PAB-${++claims}`, claimDate: today, instruments });
const counts = async () => (await database.sql<{ n: string }[]>`
  select concat_ws('/', (select count(*) from debt_redemption.claims), (select count(*) from debt_redemption.redeemed_instruments), (select count(*) from ledger.vouchers)) as n`)[0]!.n;

async function register(payload: Record<string, unknown>) {
  let request = await approvals.submit(actor('admin', 'person', ['system_admin']), { kind: 'bond_issue_registration', treasuryId: 'SZ', idempotencyKey: `issue-${String(payload['code'])}`, documents: [], payload });
  for (const checker of [actor('reviewer', 'person', ['reviewer']), actor('supervisor', 'person', ['accounting_supervisor'])]) {
    request = await approvals.act(checker, { requestId: request.id, decision: 'approve', comment: 'ok', keyElements: null });
  }
  expect(request.status).toBe('executed');
}

beforeAll(async () => {
  database = await createTestDatabase([ledgerMigrations, approvalsMigrations, disbursementMigrations, debtRedemptionMigrations]);
  ledger = createLedger(database);
  today = await seedLedgerDemo(ledger.setup, ledger.days, '2026-11-20');
  approvals = createApprovals(database, ledger, [bondIssueRegistrationAction(database), bondPaymentAction({ database, ledger }), vaultHandoverAction({ database, ledger }), destructionAction({ database, ledger })], { currentPerson: async (userId) => people.get(userId)! });
  redemption = createDebtRedemption(database, ledger);
  const window = { redeemFrom: '2026-03-10', redeemTo: '2026-12-31' };
  await register({ code: 'SAV-2023-1', name: '2023年第一期储蓄国债（凭证式）', kind: 'bond_receipt', couponRate: '3.0', valueDate: '2023-03-10', maturityDate: '2026-03-10', ...window, ranges: [{ prefix: 'S', first: '1', last: '100000', faceValue: '1000.00' }] });
  await register({ code: 'SAV-2022-1', name: '2022年储蓄国债', kind: 'bond_receipt', couponRate: '3.0', valueDate: '2022-03-10', maturityDate: '2025-03-10', redeemFrom: '2025-03-10', redeemTo: '2026-12-31', ranges: [{ prefix: 'T', first: '1', last: '10', faceValue: '1000.00' }] });
  await register({ code: 'BEARER-2020', name: '2020年无记名国债', kind: 'bearer_bond', couponRate: '2.0', valueDate: '2020-03-10', maturityDate: '2025-03-10', redeemFrom: '2025-03-10', redeemTo: '2026-12-31', ranges: [{ prefix: 'C', first: '1', last: '10', faceValue: '100.00' }] });
  await register({ code: 'BEARER-2021', name: '2021年无记名国债', kind: 'bearer_bond', couponRate: '2.5', valueDate: '2021-03-10', maturityDate: '2026-03-10', ...window, ranges: [{ prefix: 'B', first: '1', last: '500', faceValue: '100.00' }] });
});

afterAll(async () => {
  await database?.drop();
});

describe('a redemption claim (R49: surrender first, pay after)', () => {
  it('records a claim whose every instrument checks, receiving them off-balance, and answers a retry with it', async () => {
    const outcome = await claim([receipt('S1'), receipt('S00000002'), bearer('B7')]);
    expect(outcome).toMatchObject({ accepted: true, replayed: false, claim: { instruments: 3, faceTotal: '2100.00', interestTotal: '192.50' } });
    const voucher = await ledger.vouchers.get('SZ', outcome.accepted ? outcome.claim.voucherId : '0');
    expect(voucher.lines.map((l) => `${l.account.number} ${l.side} ${l.amount.toFixed(2)}`)).toEqual(['701100 receipt 2000.00', '701200 receipt 100.00']);
    expect(await redemption.custodyCheck(actor('reviewer', 'person', ['reviewer']), 'SZ')).toEqual([
      { kind: 'bond_receipt', instruments: '2000.00', books: '2000.00', agrees: true },
      { kind: 'bearer_bond', instruments: '100.00', books: '100.00', agrees: true },
    ]);
    const again = await redemption.submitClaim(bank(), { claimNumber: `PAB-${claims}`, claimDate: today, instruments: [receipt('S1')] });
    expect(again).toMatchObject({ accepted: true, replayed: true });
  });

  it('refuses a claim with any failed instrument whole, naming each, and records nothing', async () => {
    const before = await counts();
    const outcome = await claim([receipt('S3'), receipt('S0001'), receipt('S999999'), receipt('S4', { faceValue: '100.00' }), receipt('S5', { interest: '90.01' }), bearer('B8')]);
    expect(outcome.accepted).toBe(false);
    expect(outcome.accepted ? [] : outcome.failures.map((f) => `${f.index} ${f.reason}`)).toEqual(['1 ALREADY_REDEEMED', '2 UNKNOWN_SERIAL', '3 FACE_VALUE_MISMATCH', '4 INTEREST_MISMATCH']);
    expect(await counts()).toBe(before);
  });

  it('redeems a serial once when two claims with it race', async () => {
    const outcomes = await Promise.all([claim([receipt('S10'), receipt('S11')]), claim([receipt('S11'), receipt('S12')])]);
    expect(outcomes.map((o) => o.accepted).sort()).toEqual([false, true]);
    const refused = outcomes.find((o) => !o.accepted);
    expect(refused && !refused.accepted ? refused.failures.map((f) => `${f.serial} ${f.reason}`) : []).toEqual(['S11 ALREADY_REDEEMED']);
    const [row] = await database.sql<{ n: number }[]>`select count(*)::int as n from debt_redemption.redeemed_instruments where serial = 'S11'`;
    expect(row!.n).toBe(1);
  });

  it('takes claims only from the entrusted bank’s system, and only within the redemption window', async () => {
    expect(await refusalOf(redemption.submitClaim(actor('operator', 'person', ['fiscal_refund_operator']), { claimNumber: 'X', claimDate: today, instruments: [receipt('S20')] }))).toMatchObject({
      reason: 'POST_MAY_NOT_CLAIM_REDEMPTION',
    });
    const early = await redemption.submitClaim(bank(), { claimNumber: 'EARLY', claimDate: '2026-03-09', instruments: [receipt('S21')] });
    expect(early.accepted ? [] : early.failures.map((f) => f.reason)).toEqual(['NOT_REDEEMABLE']);
  });
});

describe('paying a verified claim (R49–R51)', () => {
  let payments = 0;
  const operator = () => actor('pay', 'person', ['fiscal_refund_operator']);
  const PAB = { payeeName: '平安银行深圳分行', payeeAccount: '11014500000001', bankCode: '307584007998' };
  const pay = async (claimId: string, amount: string) => approvals.submit(operator(), { kind: 'bond_payment', treasuryId: 'SZ', idempotencyKey: `pay-${claimId}-${amount}-${++payments}`, documents: [], payload: { claimId, amount, ...PAB } });
  const approve = async (requestId: string) => {
    const reviewed = await approvals.act(actor('reviewer', 'person', ['reviewer']), { requestId, decision: 'approve', comment: 'ok', keyElements: null });
    await approvals.act(actor('auditor', 'person', ['key_element_auditor']), { requestId, decision: 'approve', comment: 'ok', keyElements: { ...PAB, amount: reviewed.amount! } });
    return approvals.act(actor('supervisor', 'person', ['accounting_supervisor']), { requestId, decision: 'approve', comment: 'ok', keyElements: null });
  };

  it('pays only what was surrendered and verified, once, writes the receipts off, sends the instruction and tells the upper treasury', async () => {
    expect(await refusalOf(pay('999999', '1.00'))).toMatchObject({ reason: 'CLAIM_NOT_FOUND' });
    const outcome = await claim([receipt('S30'), receipt('S31')]);
    const claimId = outcome.accepted ? outcome.claim.id : '';
    expect(await refusalOf(pay(claimId, '2000.00'))).toMatchObject({ reason: 'AMOUNT_NOT_CLAIM_TOTAL', details: { due: '2180.00' } });
    const entered = await pay(claimId, '2180.00');
    expect(entered.route).toEqual(['review', 'key_element_audit', 'supervisor_approval']);
    const done = await approve(entered.id);
    expect(done.status).toBe('executed');
    expect(await instructionStateOf(database.sql, 'bond_payment', done.result!['paymentId']!)).toMatchObject({ channel: 'cnaps', status: 'pending' });
    const [notice] = await database.sql<{ summary: string }[]>`select summary from debt_redemption.notifications where claim_id = ${claimId}`;
    expect(notice!.summary).toContain('已划款');
    const check = await redemption.custodyCheck(actor('reviewer', 'person', ['reviewer']), 'SZ');
    expect(check.every((line) => line.agrees)).toBe(true);
    expect(await refusalOf(pay(claimId, '2180.00'))).toMatchObject({ reason: 'CLAIM_ALREADY_PAID' });
  });

  it('refuses to pay a year’s redemptions after its 20 December (R50)', async () => {
    const last = await redemption.submitClaim(bank(), { claimNumber: 'PAB-2025-9', claimDate: '2025-06-01', instruments: [{ issueCode: 'SAV-2022-1', serial: 'T1', faceValue: '1000.00', interest: '90.00' }] });
    const claimId = last.accepted ? last.claim.id : '';
    expect(await refusalOf(pay(claimId, '1090.00'))).toMatchObject({ reason: 'BOND_PAYMENT_DEADLINE_PASSED', details: { deadline: '2025-12-20' } });
  });
});

describe('bearer bonds: to the vault, destroyed the next year before witnesses (R49–R50)', () => {
  const operator = () => actor('pay', 'person', ['fiscal_refund_operator']);
  let requests = 0;
  const enter = (kind: string, payload: Record<string, unknown>) => approvals.submit(operator(), { kind, treasuryId: 'SZ', idempotencyKey: `${kind}-${++requests}`, documents: [], payload });
  const approveAll = async (request: Awaited<ReturnType<typeof enter>>) => {
    let current = request;
    for (const checker of [actor('reviewer', 'person', ['reviewer']), actor('supervisor', 'person', ['accounting_supervisor'])]) {
      if (current.status !== 'pending') break;
      current = await approvals.act(checker, { requestId: current.id, decision: 'approve', comment: 'ok', keyElements: null });
    }
    return current;
  };

  it('writes bearer bonds off only once in the vault, a year on, before two witnesses; the books follow', async () => {
    const last = await redemption.submitClaim(bank(), { claimNumber: 'PAB-2025-C', claimDate: '2025-06-01', instruments: [{ issueCode: 'BEARER-2020', serial: 'C1', faceValue: '100.00', interest: '10.00' }] });
    const claimId = last.accepted ? last.claim.id : '';
    const destroy = { claimId, document: '销毁审批 2026-1', witnesses: ['张三', '李四'] };
    expect(await refusalOf(enter('bearer_bond_destruction', destroy))).toMatchObject({ reason: 'NOT_IN_VAULT' });
    expect((await approveAll(await enter('bearer_bond_handover', { claimId, vaultReceipt: 'FXK-2025-001', receivedBy: '发行库 王五' }))).status).toBe('executed');
    expect(await refusalOf(enter('bearer_bond_destruction', { ...destroy, witnesses: ['张三'] }))).toMatchObject({ reason: 'WITNESSES_REQUIRED' });
    const held = async () => (await redemption.custodyCheck(actor('reviewer', 'person', ['reviewer']), 'SZ')).find((line) => line.kind === 'bearer_bond')!;
    const before = await held();
    expect((await approveAll(await enter('bearer_bond_destruction', destroy))).status).toBe('executed');
    const after = await held();
    expect(parseAmount(before.books).minus(after.books).toFixed(2)).toBe('100.00');
    expect(after.agrees).toBe(true);
    expect(await refusalOf(enter('bearer_bond_destruction', destroy))).toMatchObject({ reason: 'ALREADY_DESTROYED' });
  });

  it('does not destroy this year’s bonds (DESTROYED_TOO_EARLY)', async () => {
    const current = await claim([bearer('B40')]);
    const claimId = current.accepted ? current.claim.id : '';
    await approveAll(await enter('bearer_bond_handover', { claimId, vaultReceipt: 'FXK-2026-001', receivedBy: '发行库 王五' }));
    expect(await refusalOf(enter('bearer_bond_destruction', { claimId, document: 'X', witnesses: ['张三', '李四'] }))).toMatchObject({ reason: 'DESTROYED_TOO_EARLY' });
  });
});

describe('the redemption report (R52)', () => {
  it('gives each issue’s redemptions of the year, and what is still held agrees with the books', async () => {
    const reader = actor('reviewer', 'person', ['reviewer']);
    const { lines } = await redemption.report(reader, 'SZ', 'year', today);
    const sav = lines.find((line) => line.issueCode === 'SAV-2023-1')!;
    const [row] = await database.sql<{ n: number; face: string }[]>`
      select count(*)::int as n, sum(face_value)::text as face from debt_redemption.redeemed_instruments where issue_code = 'SAV-2023-1'`;
    expect(sav).toMatchObject({ redeemedToDate: row!.n, faceInPeriod: row!.face, paidToDate: '2180.00' });
    const check = await redemption.custodyCheck(reader, 'SZ');
    for (const kind of ['bond_receipt', 'bearer_bond'] as const) {
      const held = lines.filter((line) => line.kind === kind).reduce((sum, line) => sum.plus(line.heldFace), parseAmount('0'));
      expect(held.toFixed(2)).toBe(check.find((line) => line.kind === kind)!.books);
    }
    // Every claim of these tests was recorded on the books' one open day: the day report is the year's.
    const daily = await redemption.report(reader, 'SZ', 'day', today);
    expect(daily.lines.find((line) => line.issueCode === 'SAV-2023-1')?.redeemedInPeriod).toBe(row!.n);
  });
});
