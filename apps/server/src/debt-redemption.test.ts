import { credentials, status, type Metadata } from '@grpc/grpc-js';
import { treasuryDate } from '@jinku/kernel';
import { approvalsV1, debtRedemptionV1, ledgerV1 } from '@jinku/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startHarness, valueOf, type Harness } from './testing/harness';

/**
 * Bond redemption (国债兑付, R49) end to end: an issue registered through approvals, the entrusted bank's claims
 * from its system — one whose instruments all check, one refused naming each failure — and the custody check.
 */
let harness: Harness;
let approvals: approvalsV1.ApprovalsServiceClient;
let redemption: debtRedemptionV1.DebtRedemptionServiceClient;
const people: Record<'admin' | 'reviewer' | 'supervisor', Metadata> = {} as never;
let bank: Metadata;
const instrument = (serial: string, overrides: Partial<debtRedemptionV1.ClaimedInstrument> = {}) => ({ issueCode: 'SAV-2023-1', serial, faceValue: '1000.00', interest: '90.00', ...overrides });
const submitClaim = (claimNumber: string, instruments: debtRedemptionV1.ClaimedInstrument[], metadata = bank) =>
  call(redemption.submitClaim.bind(redemption), { claimNumber, claimDate: treasuryDate(), instruments }, metadata);

beforeAll(async () => {
  harness = await startHarness();
  people.admin = await harness.personWith('sz.admin', ['system_admin']);
  people.reviewer = await harness.personWith('sz.reviewer', ['reviewer']);
  people.supervisor = await harness.personWith('sz.supervisor', ['accounting_supervisor']);
  bank = await harness.machineWith('pab-sz.bonds', ['bond_redemption']);
  approvals = new approvalsV1.ApprovalsServiceClient(harness.address, credentials.createInsecure());
  redemption = new debtRedemptionV1.DebtRedemptionServiceClient(harness.address, credentials.createInsecure());
  const year = Number(treasuryDate().slice(0, 4));
  const issue = {
    code: 'SAV-2023-1',
    name: '储蓄国债（凭证式）',
    kind: 'bond_receipt',
    couponRate: '3.0',
    valueDate: `${year - 3}-01-10`,
    maturityDate: `${year}-01-10`,
    redeemFrom: `${year}-01-10`,
    redeemTo: `${year}-12-31`,
    ranges: [{ prefix: 'S', first: '1', last: '1000', faceValue: '1000.00' }],
  };
  // Last year's issue, still in its window: its claims of last year are paid by last year's 20 December (R50).
  const lastYear = { ...issue, code: 'SAV-OLD', valueDate: `${year - 4}-01-10`, maturityDate: `${year - 1}-01-10`, redeemFrom: `${year - 1}-01-10`, ranges: [{ prefix: 'T', first: '1', last: '10', faceValue: '1000.00' }] };
  for (const value of [issue, lastYear]) {
    const entered = valueOf(
      await call(approvals.submitRequest.bind(approvals), { treasuryId: 'SZ', idempotencyKey: `issue-${value.code}`, documents: [], operation: { operation: { $case: 'bondIssueRegistration', value } } }, people.admin),
    );
    for (const checker of [people.reviewer, people.supervisor]) {
      valueOf(await call(approvals.actOnRequest.bind(approvals), { requestId: entered.requestId, decision: approvalsV1.Decision.DECISION_APPROVE, comment: 'ok', keyElements: undefined }, checker));
    }
  }
});

afterAll(async () => {
  approvals?.close();
  redemption?.close();
  await harness?.stop();
});

describe('redemption claims through gRPC (R49, R52)', () => {
  it('records a claim whose instruments check, refuses one naming each failure, and books agree with instruments held', async () => {
    const taken = valueOf(await submitClaim('PAB-1', [instrument('S1'), instrument('S2')]));
    expect(taken).toMatchObject({ accepted: true, replayed: false, failures: [], claim: { instruments: 2, faceTotal: '2000.00', interestTotal: '180.00' } });
    const refused = valueOf(await submitClaim('PAB-2', [instrument('S3'), instrument('S1'), instrument('S5000'), instrument('S4', { interest: '1.00' })]));
    expect(refused).toMatchObject({ accepted: false, claim: undefined });
    expect(refused.failures.map((f) => `${f.index} ${f.serial} ${f.reason}`)).toEqual(['1 S1 ALREADY_REDEEMED', '2 S5000 UNKNOWN_SERIAL', '3 S4 INTEREST_MISMATCH']);
    expect(valueOf(await call(redemption.getCustodyCheck.bind(redemption), { treasuryId: 'SZ' }, people.reviewer)).lines).toEqual([
      { kind: 'bond_receipt', instruments: '2000.00', books: '2000.00', agrees: true },
      { kind: 'bearer_bond', instruments: '0.00', books: '0.00', agrees: true },
    ]);
    expect(valueOf(await call(redemption.getClaim.bind(redemption), { claimId: taken.claim!.claimId }, people.reviewer))).toMatchObject({ claimNumber: 'PAB-1' });
    const report = valueOf(await call(redemption.getRedemptionReport.bind(redemption), { treasuryId: 'SZ', period: 'year', date: treasuryDate() }, people.reviewer));
    expect(report.lines).toEqual([expect.objectContaining({ issueCode: 'SAV-2023-1', kind: 'bond_receipt', redeemedToDate: 2, faceInPeriod: '2000.00', interestInPeriod: '180.00', heldFace: '2000.00' })]);
  });

  it('pays a verified claim after review, the blind audit and the supervisor; a second payment of it is refused', async () => {
    const taken = valueOf(await submitClaim('PAB-3', [instrument('S7')]));
    const payee = { payeeName: '平安银行深圳分行', payeeAccount: '11014500000001', bankCode: '307584007998' };
    const operation = { $case: 'bondPayment' as const, value: { claimId: taken.claim!.claimId, amount: '1090.00', ...payee } };
    const operator = await harness.personWith('sz.refunds', ['fiscal_refund_operator']);
    const auditor = await harness.personWith('sz.auditor', ['key_element_auditor']);
    const act = (metadata: Metadata, requestId: string, keyElements?: approvalsV1.KeyElements) =>
      call(approvals.actOnRequest.bind(approvals), { requestId, decision: approvalsV1.Decision.DECISION_APPROVE, comment: 'ok', keyElements }, metadata);
    const entered = valueOf(await call(approvals.submitRequest.bind(approvals), { treasuryId: 'SZ', idempotencyKey: 'pay-3', documents: [], operation: { operation } }, operator));
    valueOf(await act(people.reviewer, entered.requestId));
    valueOf(await act(auditor, entered.requestId, { ...payee, amount: '1090.00' }));
    expect(valueOf(await act(people.supervisor, entered.requestId)).status).toBe('executed');
    expect(await call(approvals.submitRequest.bind(approvals), { treasuryId: 'SZ', idempotencyKey: 'pay-3b', documents: [], operation: { operation } }, operator)).toMatchObject({
      ok: false,
      reason: 'CLAIM_ALREADY_PAID',
    });
  });

  it('pays nothing that was not surrendered and verified first (R49)', async () => {
    const operator = await harness.personWith('sz.refunds2', ['fiscal_refund_operator']);
    const operation = { $case: 'bondPayment' as const, value: { claimId: '424242', amount: '1090.00', payeeName: '平安银行深圳分行', payeeAccount: '11014500000001', bankCode: '307584007998' } };
    expect(await call(approvals.submitRequest.bind(approvals), { treasuryId: 'SZ', idempotencyKey: 'pay-none', documents: [], operation: { operation } }, operator)).toMatchObject({
      ok: false,
      code: status.NOT_FOUND,
      reason: 'CLAIM_NOT_FOUND',
    });
  });

  it('redeems a serial once when two claims with it arrive at the same moment', async () => {
    const outcomes = await Promise.all([submitClaim('PAB-R1', [instrument('S20'), instrument('S21')]), submitClaim('PAB-R2', [instrument('S21')])]);
    const answers = outcomes.map(valueOf);
    expect(answers.map((a) => a.accepted).sort()).toEqual([false, true]);
    expect(answers.find((a) => !a.accepted)!.failures.map((f) => `${f.serial} ${f.reason}`)).toEqual(['S21 ALREADY_REDEEMED']);
  });

  it('refuses to pay last year’s redemptions after last year’s 20 December (R50)', async () => {
    const year = Number(treasuryDate().slice(0, 4)) - 1;
    const old = valueOf(await call(redemption.submitClaim.bind(redemption), { claimNumber: 'PAB-OLD', claimDate: `${year}-06-01`, instruments: [{ issueCode: 'SAV-OLD', serial: 'T1', faceValue: '1000.00', interest: '90.00' }] }, bank));
    const operator = await harness.personWith('sz.refunds3', ['fiscal_refund_operator']);
    const operation = { $case: 'bondPayment' as const, value: { claimId: old.claim!.claimId, amount: '1090.00', payeeName: '平安银行深圳分行', payeeAccount: '11014500000001', bankCode: '307584007998' } };
    expect(await call(approvals.submitRequest.bind(approvals), { treasuryId: 'SZ', idempotencyKey: 'pay-old', documents: [], operation: { operation } }, operator)).toMatchObject({
      ok: false,
      code: status.FAILED_PRECONDITION,
      reason: 'BOND_PAYMENT_DEADLINE_PASSED',
    });
  });

  it('takes claims only from the entrusted bank’s system', async () => {
    expect(await submitClaim('X', [instrument('S9')], people.reviewer)).toMatchObject({ ok: false, code: status.PERMISSION_DENIED, reason: 'POST_MAY_NOT_CLAIM_REDEMPTION' });
  });
});

describe('month end with bonds in custody (R57(4), R66)', () => {
  it('closes the month once its days are closed and the bonds in custody agree with the books', async () => {
    const ledger = new ledgerV1.LedgerServiceClient(harness.address, credentials.createInsecure());
    const month = harness.firstDay.slice(0, 7);
    expect(await call(ledger.closeMonth.bind(ledger), { treasuryId: 'SZ', month }, people.supervisor)).toMatchObject({ ok: false, code: status.FAILED_PRECONDITION, reason: 'MONTH_HAS_OPEN_DAYS' });
    for (let day = valueOf(await call(ledger.getCurrentBusinessDay.bind(ledger), { treasuryId: 'SZ' }, people.supervisor)); day.date.startsWith(month); ) {
      day = valueOf(await call(ledger.closeBusinessDay.bind(ledger), { treasuryId: 'SZ', date: day.date }, people.supervisor)).opened!;
    }
    const checks = valueOf(await call(ledger.getMonthEndChecks.bind(ledger), { treasuryId: 'SZ', month }, people.supervisor)).checks;
    expect(checks.filter((c) => ['BONDS_IN_CUSTODY_AGREE', 'VALUABLES_IN_STOCK_AGREE'].includes(c.check))).toEqual([
      { check: 'BONDS_IN_CUSTODY_AGREE', holds: true, finding: '' },
      { check: 'VALUABLES_IN_STOCK_AGREE', holds: true, finding: '' },
    ]);
    expect(valueOf(await call(ledger.closeMonth.bind(ledger), { treasuryId: 'SZ', month }, people.supervisor))).toMatchObject({ treasuryId: 'SZ', month });
    expect(await call(ledger.closeMonth.bind(ledger), { treasuryId: 'SZ', month }, people.supervisor)).toMatchObject({ ok: false, reason: 'MONTH_CLOSED' });
    const statement = valueOf(await call(ledger.getPeriodStatement.bind(ledger), { treasuryId: 'SZ', period: month }, people.supervisor));
    expect(statement).toMatchObject({ treasuryId: 'SZ', period: month, final: true, failedChecks: [] });
    expect(statement.subjects.length).toBeGreaterThan(0);
    const file = valueOf(await call(ledger.exportPeriodStatement.bind(ledger), { treasuryId: 'SZ', period: month, format: 'xlsx' }, people.supervisor));
    expect(file.fileName).toBe(`statement-SZ-${month}.xlsx`);
    expect(Buffer.from(file.content).subarray(0, 2).toString()).toBe('PK');
    ledger.close();
  });
});

