import { credentials, status, type Metadata } from '@grpc/grpc-js';
import { dispatchInstructions, InProcessChannel, recordOutcome } from '@jinku/disbursement';
import { treasuryDate } from '@jinku/kernel';
import { approvalsV1, disbursementV1, revenueV1 } from '@jinku/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startHarness, valueOf, type Harness } from './testing/harness';

/**
 * Disbursement (库款支拨, R35–R39) end to end at the Futian sub-treasury: its fees in the district's deposit, the
 * bureau's plan from its system, an appropriation entered by the fiscal operator, reviewed and released by the
 * blind key-element audit, and read back from DisbursementService.
 */
let harness: Harness;
let approvals: approvalsV1.ApprovalsServiceClient;
let disbursement: disbursementV1.DisbursementServiceClient;
const people: Record<'operator' | 'reviewer' | 'auditor' | 'supervisor' | 'branch' | 'admin' | 'branchSupervisor', Metadata> = {} as never;
let bureauSystem: Metadata;
const BUREAU = 'FB-440304';
let requests = 0;

const act = (metadata: Metadata, requestId: string, keyElements?: approvalsV1.KeyElements) =>
  call(approvals.actOnRequest.bind(approvals), { requestId, decision: approvalsV1.Decision.DECISION_APPROVE, comment: 'ok', keyElements }, metadata);
const submit = (metadata: Metadata, operation: approvalsV1.Operation['operation'], treasuryId = 'SZ-FT') =>
  call(approvals.submitRequest.bind(approvals), { treasuryId, idempotencyKey: `disbursement-test-${++requests}`, documents: [], operation: { operation } }, metadata);
const keyElementsOf = (value: disbursementV1.PaymentVoucher) => ({ payeeAccount: value.payeeAccount, payeeName: value.payeeName, bankCode: value.bankCode, amount: value.amount });
/** Entered, reviewed, audited blind; and approved by the supervisor when monitoring held it. */
async function released(value: disbursementV1.PaymentVoucher) {
  const entered = valueOf(await submit(people.operator, { $case: 'appropriation', value }));
  valueOf(await act(people.reviewer, entered.requestId));
  const audited = valueOf(await act(people.auditor, entered.requestId, keyElementsOf(value)));
  return audited.status === 'executed' ? audited : valueOf(await act(people.supervisor, entered.requestId));
}

const voucher = (overrides: Partial<disbursementV1.PaymentVoucher> = {}) =>
  disbursementV1.PaymentVoucher.fromPartial({
    bureauCode: BUREAU,
    budgetLevel: 'district',
    voucherNumber: `BK-${++requests}`,
    voucherDate: treasuryDate(),
    payeeName: '深圳市福田区某学校',
    payeeAccount: '4000023409200012345',
    bankCode: '102584002341',
    payeeKind: 'budget_unit',
    settlement: 'transfer',
    amount: '800.00',
    lines: [{ budgetUnitCode: 'BU-1', functionCode: '2010605', economicCode: '30201', amount: '800.00' }],
    presented: { $case: 'paper', value: { unitImprint: `${BUREAU} 公章`, representativeImprint: `${BUREAU} 名章` } },
    ...overrides,
  });

beforeAll(async () => {
  harness = await startHarness();
  people.operator = await harness.personWith('sz-ft.pay', ['fiscal_refund_operator'], 'SZ-FT');
  people.reviewer = await harness.personWith('sz-ft.reviewer', ['reviewer'], 'SZ-FT');
  people.auditor = await harness.personWith('sz-ft.auditor', ['key_element_auditor'], 'SZ-FT');
  people.supervisor = await harness.personWith('sz-ft.supervisor', ['accounting_supervisor'], 'SZ-FT');
  people.branch = await harness.personWith('sz.reviewer', ['reviewer']);
  people.admin = await harness.personWith('sz.admin', ['system_admin']);
  people.branchSupervisor = await harness.personWith('sz.supervisor', ['accounting_supervisor']);
  bureauSystem = await harness.machineWith('fb-440304.system', ['budget_data'], 'SZ-FT');
  const link = await harness.machineWith('sz-ft.tips', ['receipt_posting'], 'SZ-FT');
  approvals = new approvalsV1.ApprovalsServiceClient(harness.address, credentials.createInsecure());
  disbursement = new disbursementV1.DisbursementServiceClient(harness.address, credentials.createInsecure());
  const revenue = new revenueV1.RevenueServiceClient(harness.address, credentials.createInsecure());
  const receipts = [{ authorityCode: 'FB-440304', messageId: 'fee-1', revenueCode: '10304', designation: 'district', region: '440304', payerName: '某公司', payerAccount: '1', amount: '5000.00', collectionDate: harness.firstDay }];
  expect(valueOf(await call(revenue.submitReceipts.bind(revenue), { receipts }, link)).results[0]?.outcome?.$case).toBe('accepted');
  revenue.close();
  const card = {
    unitId: BUREAU,
    unitKind: 'finance_bureau',
    unitName: '深圳市福田区财政局',
    effectiveFrom: treasuryDate(),
    unitSeal: { imprint: `${BUREAU} 公章`, publicKey: '' },
    representativeName: '张三',
    representativeRole: 'legal_representative',
    representativeSeal: { imprint: `${BUREAU} 名章`, publicKey: '' },
    documents: ['application', 'representative_certificate', 'specimen_card', 'introduction_letter'].map((kind) => ({ kind, reference: `${BUREAU}/${kind}` })),
    unitSealDated: false,
  };
  const entered = valueOf(await submit(people.operator, { $case: 'specimenCardNew', value: card }));
  for (const checker of [people.reviewer, people.supervisor]) valueOf(await act(checker, entered.requestId));
});

afterAll(async () => {
  approvals?.close();
  disbursement?.close();
  await harness?.stop();
});

describe('an appropriation through approvals (R35–R39, R18(3))', () => {
  it('takes the bureau’s plan once, then pays on review and the blind audit, and lists the payment', async () => {
    const year = Number(treasuryDate().slice(0, 4));
    const plan = { bureauCode: BUREAU, year, kind: 'plan', document: 'FJ-1', lines: [{ functionCode: '20106', economicCode: '', amount: '1000.00' }] };
    expect(valueOf(await call(disbursement.submitPlan.bind(disbursement), plan, bureauSystem))).toEqual({ linesAdded: 1 });
    expect(valueOf(await call(disbursement.submitPlan.bind(disbursement), plan, bureauSystem))).toEqual({ linesAdded: 0 });

    const operation = { $case: 'appropriation' as const, value: voucher() };
    const entered = valueOf(await submit(people.operator, operation));
    expect(entered).toMatchObject({ kind: 'appropriation', route: ['review', 'key_element_audit'], amount: '800.00' });
    valueOf(await act(people.reviewer, entered.requestId));
    const keyElements = { payeeAccount: operation.value.payeeAccount, payeeName: operation.value.payeeName, bankCode: operation.value.bankCode, amount: '800.00' };
    const done = valueOf(await act(people.auditor, entered.requestId, keyElements));
    expect(done.status).toBe('executed');

    const payment = valueOf(await call(disbursement.getPayment.bind(disbursement), { paymentId: done.result['paymentId']! }, people.reviewer));
    expect(payment).toMatchObject({ treasuryId: 'SZ-FT', kind: 'appropriation', amount: '800.00', lines: [{ functionCode: '2010605', amount: '800.00' }], approvalRequestId: entered.requestId });
    const day = valueOf(await call(disbursement.listPayments.bind(disbursement), { treasuryId: 'SZ-FT', businessDate: payment.businessDate }, people.branch));
    expect(day.payments.map((p) => p.paymentId)).toEqual([payment.paymentId]);
    const report = valueOf(await call(disbursement.getExpenditureReport.bind(disbursement), { treasuryId: 'SZ-FT', period: 'day', date: payment.businessDate }, people.reviewer));
    expect(report).toMatchObject({ total: '800.00', byBureau: [{ code: BUREAU, amount: '800.00' }] });
    const csv = valueOf(await call(disbursement.exportTreasuryStockReport.bind(disbursement), { report: { treasuryId: 'SZ-FT', date: payment.businessDate }, format: 'csv' }, people.reviewer));
    expect(csv.fileName).toBe(`stock-SZ-FT-${payment.businessDate}.csv`);
    expect(await call(disbursement.exportExpenditureReport.bind(disbursement), { report: { treasuryId: 'SZ', period: 'day', date: payment.businessDate }, format: 'csv' }, people.reviewer)).toMatchObject({
      ok: false,
      code: status.PERMISSION_DENIED,
    });
  });

  it('refuses what the plan has no room for, with its reason, and a person sending plans', async () => {
    expect(await submit(people.operator, { $case: 'appropriation', value: voucher({ amount: '200.01', lines: [{ budgetUnitCode: 'BU-1', functionCode: '2010605', economicCode: '30201', amount: '200.01' }] }) })).toMatchObject({
      ok: false,
      code: status.FAILED_PRECONDITION,
      reason: 'OVER_PLAN',
    });
    const plan = { bureauCode: BUREAU, year: 2026, kind: 'plan', document: 'FJ-2', lines: [{ functionCode: '208', economicCode: '', amount: '1.00' }] };
    expect(await call(disbursement.submitPlan.bind(disbursement), plan, people.operator)).toMatchObject({ ok: false, code: status.PERMISSION_DENIED, reason: 'POST_MAY_NOT_SUBMIT_BUDGET_DATA' });
  });
});

describe('every refusal of R35–R39 through gRPC, each its own reason, nothing written', () => {
  const line = (amount: string) => [{ budgetUnitCode: 'BU-1', functionCode: '2010605', economicCode: '30201', amount }];
  const vouchers = async () => (await harness.database.sql<{ n: number }[]>`select count(*)::int as n from ledger.vouchers`)[0]!.n;
  it.each([
    ['R35 cash', 'CASH_NOT_PAID', status.FAILED_PRECONDITION, { settlement: 'cash' }],
    ['R39(1) elements', 'BAD_VOUCHER_ELEMENTS', status.INVALID_ARGUMENT, { payeeAccount: '' }],
    ['R39(4) no plan', 'NO_PLAN', status.FAILED_PRECONDITION, { lines: [{ budgetUnitCode: 'BU-1', functionCode: '2210201', economicCode: '30113', amount: '1.00' }], amount: '1.00' }],
    ['R39(5) no documents', 'DOCUMENTS_REQUIRED', status.FAILED_PRECONDITION, { payeeKind: 'non_budget', amount: '1.00', lines: line('1.00') }],
    ['R39(7) no seal', 'SEAL_MISSING', status.FAILED_PRECONDITION, { presented: undefined }],
    ['R39(8) copies', 'COPIES_DISAGREE', status.INVALID_ARGUMENT, { copyAmounts: ['8.00'] }],
  ] as const)('%s: %s', async (_rule, reason, code, overrides) => {
    const before = await vouchers();
    expect(await submit(people.operator, { $case: 'appropriation', value: voucher(overrides as Partial<disbursementV1.PaymentVoucher>) })).toMatchObject({ ok: false, code, reason });
    expect(await vouchers()).toBe(before);
  });
});

describe('after release: the instruction, a return, monitoring (R53, R18(4), seed 002)', () => {
  it('sends the instruction, and puts a returned payment back after the supervisor approves the matching return', async () => {
    const channel = new InProcessChannel();
    // What the worker does: send what is due through the channel, record what it reports back.
    channel.onOutcome((instructionId, outcome) => recordOutcome(harness.database, instructionId, outcome));
    await dispatchInstructions(harness.database, channel); // earlier payments' instructions go out first, and settle
    const done = await released(voucher({ amount: '50.00', lines: [{ budgetUnitCode: 'BU-1', functionCode: '2010605', economicCode: '30201', amount: '50.00' }] }));
    const paymentId = done.result['paymentId']!;
    channel.behave({ kind: 'return', reason: '户名不符' });
    await dispatchInstructions(harness.database, channel);
    let payment = valueOf(await call(disbursement.getPayment.bind(disbursement), { paymentId }, people.reviewer));
    for (let i = 0; i < 50 && payment.instructionStatus !== 'returned'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      payment = valueOf(await call(disbursement.getPayment.bind(disbursement), { paymentId }, people.reviewer));
    }
    expect(payment).toMatchObject({ channel: 'cnaps', instructionStatus: 'returned', instructionDetail: '户名不符', returned: false });

    const back = { paymentId, payeeName: payment.payeeName, payeeAccount: payment.payeeAccount, amount: '50.00', reason: '户名不符' };
    expect(await submit(people.operator, { $case: 'paymentReturn', value: { ...back, amount: '49.99' } })).toMatchObject({ ok: false, reason: 'RETURN_DOES_NOT_MATCH' });
    const entered = valueOf(await submit(people.operator, { $case: 'paymentReturn', value: back }));
    expect(entered.route).toEqual(['review', 'supervisor_approval']);
    valueOf(await act(people.reviewer, entered.requestId));
    expect(valueOf(await act(people.supervisor, entered.requestId)).status).toBe('executed');
    expect(valueOf(await call(disbursement.getPayment.bind(disbursement), { paymentId }, people.reviewer)).returned).toBe(true);
  });

  it('holds a payment above the monitored threshold for the supervisor and lists it with the rule and the decision', async () => {
    const rule = { kind: 'amount_above', value: '90.00', active: true, effectiveFrom: harness.firstDay };
    const entered = valueOf(await submit(people.admin, { $case: 'monitoringRuleChange', value: rule }, 'SZ'));
    for (const checker of [people.branch, people.branchSupervisor]) valueOf(await act(checker, entered.requestId));
    expect(valueOf(await call(disbursement.listMonitoringRules.bind(disbursement), {}, people.reviewer)).rules).toEqual([rule]);

    const large = voucher({ amount: '95.00', lines: [{ budgetUnitCode: 'BU-1', functionCode: '2010605', economicCode: '30201', amount: '95.00' }] });
    const done = await released(large);
    expect(done.route).toEqual(['review', 'key_element_audit', 'supervisor_approval']);
    const held = valueOf(await call(disbursement.listHeldPayments.bind(disbursement), { treasuryId: 'SZ-FT', from: '', to: '' }, people.reviewer)).payments;
    expect(held).toEqual([
      expect.objectContaining({ request: expect.objectContaining({ requestId: done.requestId, status: 'executed' }), hits: [expect.objectContaining({ kind: 'amount_above', value: '90.00' })], decision: 'approved', decisionComment: 'ok' }),
    ]);
    expect(valueOf(await call(disbursement.listOverduePayments.bind(disbursement), { treasuryId: 'SZ-FT' }, people.reviewer)).payments).toEqual([]);
  });
});
