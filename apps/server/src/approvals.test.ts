import { credentials, status, type Metadata } from '@grpc/grpc-js';
import { approvalsV1, ledgerV1 } from '@jinku/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startHarness, valueOf, type Harness } from './testing/harness';

let harness: Harness;
let approvals: approvalsV1.ApprovalsServiceClient;
let ledger: ledgerV1.LedgerServiceClient;
const people: Record<'maker' | 'income' | 'reviewer' | 'auditor' | 'supervisor', Metadata> = {} as never;

const line = (accountNumber: string, side: ledgerV1.Side, amount: string): ledgerV1.VoucherLine => ({ accountNumber, side, amount, fiscalLevel: '', classificationCode: '' });
const manualVoucher = (reference: string, amount = '88.00'): approvalsV1.Operation => ({
  operation: {
    $case: 'manualVoucher',
    value: {
      summary: '手工补录',
      documentKind: 'correction_notice',
      documentReference: reference,
      lines: [line('105100', ledgerV1.Side.SIDE_DEBIT, amount), line('201103', ledgerV1.Side.SIDE_CREDIT, amount)],
      payeeAccount: '',
      payeeName: '',
      bankCode: '',
    },
  },
});
const submit = (metadata: Metadata, reference: string, idempotencyKey = `manual-${reference}`) =>
  call(
    approvals.submitRequest.bind(approvals),
    { treasuryId: 'SZ', idempotencyKey, operation: manualVoucher(reference), documents: [{ kind: 'correction_notice', reference }] },
    metadata,
  );
const act = (metadata: Metadata, requestId: string, decision = approvalsV1.Decision.DECISION_APPROVE, comment = 'ok') =>
  call(approvals.actOnRequest.bind(approvals), { requestId, decision, comment, keyElements: undefined }, metadata);

beforeAll(async () => {
  harness = await startHarness();
  people.maker = await harness.personWith('sz.refunds', ['fiscal_refund_operator']);
  people.income = await harness.personWith('sz.income', ['income_operator']);
  people.reviewer = await harness.personWith('sz.reviewer', ['reviewer']);
  people.auditor = await harness.personWith('sz.auditor', ['key_element_auditor']);
  people.supervisor = await harness.personWith('sz.supervisor', ['accounting_supervisor']);
  approvals = new approvalsV1.ApprovalsServiceClient(harness.address, credentials.createInsecure());
  ledger = new ledgerV1.LedgerServiceClient(harness.address, credentials.createInsecure());
});

afterAll(async () => {
  approvals?.close();
  ledger?.close();
  await harness?.stop();
});

describe('ApprovalsService', () => {
  it('a manual voucher goes through review and supervisor approval and posts with its checker', async () => {
    const entered = valueOf(await submit(people.income, 'CN-100'));
    expect(entered).toMatchObject({ kind: 'manual_voucher', status: 'pending', nextStep: 'review', route: ['review', 'supervisor_approval'] });
    expect(entered.operation?.operation).toMatchObject({ $case: 'manualVoucher', value: { documentReference: 'CN-100', lines: [{ amount: '88.00' }, { amount: '88.00' }] } });
    const pending = valueOf(await call(approvals.listPendingForMe.bind(approvals), {}, people.reviewer));
    expect(pending.requests.map((r) => r.requestId)).toContain(entered.requestId);
    valueOf(await act(people.reviewer, entered.requestId));
    const done = valueOf(await act(people.supervisor, entered.requestId));
    expect(done.status).toBe('executed');
    const voucher = valueOf(await call(ledger.getVoucher.bind(ledger), { treasuryId: 'SZ', voucherId: done.result['voucherId']! }, people.income));
    expect(voucher.lines.map((l) => l.amount)).toEqual(['88.00', '88.00']);
  });

  it('refuses the maker approving their own request with PERMISSION_DENIED and a reason, recording nothing', async () => {
    const entered = valueOf(await submit(people.income, 'CN-101'));
    expect(await act(people.income, entered.requestId)).toMatchObject({ ok: false, code: status.PERMISSION_DENIED, reason: 'OWN_REQUEST' });
    const self = await harness.personWith('sz.both', ['income_operator', 'reviewer']);
    const own = valueOf(await submit(self, 'CN-102'));
    expect(await act(self, own.requestId)).toMatchObject({ ok: false, code: status.PERMISSION_DENIED, reason: 'OWN_REQUEST' });
    expect(valueOf(await call(approvals.getRequest.bind(approvals), { requestId: own.requestId }, self)).steps).toHaveLength(0);
  });

  it('refuses a checker initiating, a duplicate pending request, and a rejection without a reason', async () => {
    expect(await submit(people.reviewer, 'CN-103')).toMatchObject({ ok: false, code: status.PERMISSION_DENIED, reason: 'POST_MAY_NOT_INITIATE' });
    valueOf(await submit(people.income, 'CN-104'));
    const duplicate = await submit(people.income, 'CN-104', 'other');
    expect(duplicate).toMatchObject({ ok: false, code: status.ALREADY_EXISTS, reason: 'DUPLICATE_PENDING_REQUEST' });
    const entered = valueOf(await submit(people.income, 'CN-105'));
    expect(await act(people.reviewer, entered.requestId, approvalsV1.Decision.DECISION_REJECT, '')).toMatchObject({
      ok: false,
      code: status.INVALID_ARGUMENT,
      reason: 'REJECTION_REASON_REQUIRED',
    });
  });

  it('answers the register by kind and status', async () => {
    const register = valueOf(await call(approvals.queryRegister.bind(approvals), { treasuryId: 'SZ', kind: 'manual_voucher', status: 'executed', personId: '', startDate: '', endDate: '', pageSize: 0 }, people.supervisor));
    expect(register.requests.map((r) => r.target)).toEqual(['document:CN-100']);
  });
});
