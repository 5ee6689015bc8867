import { parseAmount, treasuryDate, type Actor } from '@jinku/kernel';
import { refusalOf } from '@jinku/kernel/testing';
import { refundFixture, type RefundFixture } from '@jinku/refunds/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessChannel } from './channel';
import { createDisbursement, type Disbursement } from './disbursement';
import { dispatchInstructions, recordOutcome } from './instructions';
import { disbursementMigrations } from './migrations';
import { monitoringRuleChangeAction } from './monitoring';
import { planEntryAction, quotaEntryAction } from './budget-entry';
import { appropriationAction, clearingAction } from './payment-action';
import { paymentReturnAction } from './return-action';

let f: RefundFixture;
let disbursement: Disbursement;
let vouchers = 0;
const channel = new InProcessChannel();
/** Futian's finance bureau pays from the district's treasury deposit at the Futian sub-treasury. */
const BUREAU = 'FB-440304';
const BANK = 'AB-ICBC-FT';
const UNIT = 'BU-440304-001';
const TREASURY = 'SZ-FT';
const DEPOSIT = '201104';
const CLEARING = '105100';

const bureauSystem: Actor = { kind: 'machine', userId: 'fb-440304.system', login: 'fb-440304.system', treasuryId: TREASURY, posts: [], scopes: ['budget_data'], reach: [TREASURY], jurisdictionId: 'SZ' };
const operator = () => f.person('pay-SZ-FT', 'fiscal_refund_operator', TREASURY);
const paper = (unitId: string) => ({ $case: 'paper', value: { unitImprint: `${unitId} 公章`, representativeImprint: `${unitId} 名章` } });

const appropriation = (overrides: Record<string, unknown> = {}) => ({
  bureauCode: BUREAU,
  budgetLevel: 'district',
  agencyBankCode: '',
  voucherNumber: `BK-${++vouchers}`,
  voucherDate: f.today,
  payeeName: '深圳市福田区某学校',
  payeeAccount: '4000023409200012345',
  bankCode: '102584002341',
  payeeKind: 'budget_unit',
  settlement: 'transfer',
  amount: '1000.00',
  lines: [{ budgetUnitCode: UNIT, functionCode: '2010605', economicCode: '30201', amount: (overrides['amount'] as string | undefined) ?? '1000.00' }],
  documents: [],
  copyAmounts: [],
  presented: paper(BUREAU),
  ...overrides,
});
const clearing = (lines: { amount: string; economicCode?: string; budgetUnitCode?: string }[], overrides: Record<string, unknown> = {}) => ({
  ...appropriation(),
  agencyBankCode: BANK,
  payeeName: '中国工商银行深圳福田支行',
  payeeAccount: '4000023409200099999',
  amount: lines.reduce((sum, line) => sum.plus(line.amount), parseAmount('0')).toFixed(2),
  lines: lines.map((line) => ({ budgetUnitCode: line.budgetUnitCode ?? UNIT, functionCode: '2010605', economicCode: line.economicCode ?? '30201', amount: line.amount })),
  presented: paper(BANK),
  ...overrides,
});
const enter = (kind: 'appropriation' | 'payment_clearing', payload: unknown) => f.enter(kind, payload, operator());
const paid = async (kind: 'appropriation' | 'payment_clearing', payload: unknown) => f.approve(await enter(kind, payload));
const writes = async () => {
  const [row] = await f.database.sql<{ n: string }[]>`
    select concat_ws('/', (select count(*) from ledger.vouchers), (select count(*) from disbursement.payments), (select count(*) from disbursement.usages)) as n`;
  return row!.n;
};

beforeAll(async () => {
  f = await refundFixture({
    migrations: [disbursementMigrations],
    actions: ({ database, ledger, specimens, today }) => [
      appropriationAction({ database, ledger, specimens, today, documentedFrom: parseAmount('500000.00') }),
      clearingAction({ database, ledger, specimens, today, documentedFrom: parseAmount('500000.00') }),
      paymentReturnAction({ database, ledger }),
      monitoringRuleChangeAction(ledger),
      planEntryAction(),
      quotaEntryAction(),
    ],
  });
  disbursement = createDisbursement(f.database, { ledger: f.ledger, approvals: f.approvals });
  channel.onOutcome((instructionId, outcome) => recordOutcome(f.database, instructionId, outcome));
  await f.fileCard(BUREAU, 'finance_bureau', TREASURY);
  await f.fileCard(BANK, 'agency_bank', TREASURY);
  // The district's revenue: fees collected at Futian, a million yuan in its treasury deposit.
  await f.receipt('fee-ft-1', { revenueCode: '10304', designation: 'district', amount: '1000000.00' }, TREASURY);
  await disbursement.submitPlan(bureauSystem, { bureauCode: BUREAU, year: 2026, kind: 'plan', document: 'FJ-2026-1', lines: [{ functionCode: '2010605', economicCode: '', amount: '200000.00' }] });
  await disbursement.issueQuotas(bureauSystem, {
    bureauCode: BUREAU,
    agencyBankCode: BANK,
    year: 2026,
    document: 'ED-2026-1',
    lines: [{ budgetUnitCode: UNIT, functionCode: '2010605', economicCode: '302', amount: '50000.00' }],
  });
});

afterAll(async () => {
  await f?.database.drop();
});

describe('an appropriation (实拨, R35, R18(3))', () => {
  it('is reviewed, audited blind and released: the district deposit pays, by transfer through clearing, drawing on the plan', async () => {
    const before = await Promise.all([f.balance(TREASURY, DEPOSIT), f.balance(TREASURY, CLEARING)]);
    const entered = await enter('appropriation', appropriation());
    expect(entered.route).toEqual(['review', 'key_element_audit']);
    const done = await f.approve(entered);
    expect(done.status).toBe('executed');
    const after = await Promise.all([f.balance(TREASURY, DEPOSIT), f.balance(TREASURY, CLEARING)]);
    expect(after.map((balance, i) => parseAmount(balance).minus(before[i]!).toFixed(2))).toEqual(['-1000.00', '-1000.00']);
    const payment = await disbursement.getPayment(f.person('clerk-ft', 'voucher_clerk', TREASURY), done.result!['paymentId']!);
    expect(payment).toMatchObject({ kind: 'appropriation', bureauCode: BUREAU, amount: '1000.00', accountNumber: DEPOSIT, receivedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), approvalRequestId: done.id });
  });

  it('pays nothing the plan does not cover, and nothing beyond it until a supplement (R39(4))', async () => {
    expect(await refusalOf(enter('appropriation', appropriation({ lines: [{ budgetUnitCode: UNIT, functionCode: '2080505', economicCode: '30108', amount: '1000.00' }] })))).toMatchObject({
      reason: 'NO_PLAN',
    });
    const large = appropriation({ amount: '200000.00', documents: [{ kind: 'basis', reference: '福财预〔2026〕9号' }] });
    expect(await refusalOf(enter('appropriation', large))).toMatchObject({ reason: 'OVER_PLAN', details: { left: '199000.00' } });
    await disbursement.submitPlan(bureauSystem, { bureauCode: BUREAU, year: 2026, kind: 'supplement', document: 'FJ-2026-ZJ1', lines: [{ functionCode: '2010605', economicCode: '', amount: '100000.00' }] });
    expect((await paid('appropriation', large)).status).toBe('executed');
  });

  it('never overspends the plan with payments released at the same moment that each fit but not together', async () => {
    await disbursement.submitPlan(bureauSystem, { bureauCode: BUREAU, year: 2026, kind: 'plan', document: 'FJ-2026-2', lines: [{ functionCode: '20805', economicCode: '', amount: '10000.00' }] });
    const line = (amount: string) => [{ budgetUnitCode: UNIT, functionCode: '2080505', economicCode: '30108', amount }];
    const requests = await Promise.all([1, 2].map(async () => f.approve(await enter('appropriation', appropriation({ amount: '6000.00', lines: line('6000.00') })), 'key_element_audit')));
    const outcomes = await Promise.allSettled(requests.map((request) => f.approve(request)));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value.status : (o.reason as { reason: string }).reason)).sort()).toEqual(['OVER_PLAN', 'executed']);
    const [used] = await f.database.sql<{ total: string }[]>`select sum(amount)::text as total from disbursement.usages where function_code = '20805'`;
    expect(used!.total).toBe('6000.00');
  });
});

describe('clearing what an agency bank paid (集中支付清算, R38, R39(2))', () => {
  it('clears within the quota per budget unit and code, drawing on quota and plan', async () => {
    const done = await paid('payment_clearing', clearing([{ amount: '300.00' }, { amount: '200.00', economicCode: '30207' }]));
    expect(done.status).toBe('executed');
    const [row] = await f.database.sql<{ total: string }[]>`
      select sum(amount)::text as total from disbursement.usages where limit_kind = 'quota' and agency_bank_code = ${BANK}`;
    expect(row!.total).toBe('500.00');
  });

  it.each([
    ['over the quota', 'OVER_QUOTA', () => clearing([{ amount: '49500.01' }])],
    ['a unit without quota', 'NO_QUOTA', () => clearing([{ amount: '10.00', budgetUnitCode: 'BU-OTHER' }])],
    ['asking more than the bank paid', 'OVER_BANK_PAID', () => clearing([{ amount: '10.00' }], { amount: '10.01' })],
  ])('refuses %s (%s), writing nothing', async (_case, reason, payload) => {
    const before = await writes();
    expect(await refusalOf(enter('payment_clearing', payload()))).toMatchObject({ reason });
    expect(await writes()).toBe(before);
  });

  it('never overspends a quota with clearings released at the same moment', async () => {
    await disbursement.issueQuotas(bureauSystem, { bureauCode: BUREAU, agencyBankCode: BANK, year: 2026, document: 'ED-2026-2', lines: [{ budgetUnitCode: 'BU-2', functionCode: '2010605', economicCode: '', amount: '1000.00' }] });
    const requests = await Promise.all([1, 2].map(async () => f.approve(await enter('payment_clearing', clearing([{ amount: '700.00', budgetUnitCode: 'BU-2' }])), 'key_element_audit')));
    const outcomes = await Promise.allSettled(requests.map((request) => f.approve(request)));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value.status : (o.reason as { reason: string }).reason)).sort()).toEqual(['OVER_QUOTA', 'executed']);
  });
});

describe('every refusal of R35–R39 is its own reason, and leaves nothing behind', () => {
  it.each([
    ['R35 cash', 'CASH_NOT_PAID', () => appropriation({ settlement: 'cash' })],
    ['R39(1) a bad bank code', 'BAD_VOUCHER_ELEMENTS', () => appropriation({ bankCode: '1025' })],
    ['R39(1) lines that do not sum to the amount', 'BAD_VOUCHER_ELEMENTS', () => appropriation({ amount: '999.99', lines: [{ budgetUnitCode: UNIT, functionCode: '2010605', economicCode: '30201', amount: '1000.00' }] })],
    ['R39(5) a non-budget payee without documents', 'DOCUMENTS_REQUIRED', () => appropriation({ payeeKind: 'non_budget' })],
    ['R37 a large amount without documents', 'DOCUMENTS_REQUIRED', () => appropriation({ amount: '500000.00' })],
    ['R39(7) no seal', 'SEAL_MISSING', () => appropriation({ presented: null })],
    ['R39(7) another seal', 'SEAL_MISMATCH', () => appropriation({ presented: paper(BANK) })],
    ['R39(7) a bank posing as the bureau', 'UNAUTHORIZED_SENDER', () => appropriation({ bureauCode: BANK, presented: paper(BANK) })],
    ['R39(8) copies disagree', 'COPIES_DISAGREE', () => appropriation({ copyAmounts: ['1000.00', '100.00'] })],
  ])('%s: %s', async (_rule, reason, payload) => {
    const before = await writes();
    expect(await refusalOf(enter('appropriation', payload()))).toMatchObject({ reason });
    expect(await writes()).toBe(before);
  });

  it('R39(6): refuses at release when the deposit no longer covers the payment', async () => {
    await disbursement.submitPlan(bureauSystem, { bureauCode: BUREAU, year: 2026, kind: 'plan', document: 'FJ-2026-3', lines: [{ functionCode: '221', economicCode: '', amount: '5000000.00' }] });
    const held = parseAmount(await f.balance(TREASURY, DEPOSIT));
    const line = (amount: string) => [{ budgetUnitCode: UNIT, functionCode: '2210201', economicCode: '30113', amount }];
    const documents = [{ kind: 'basis', reference: '福财预〔2026〕10号' }];
    const first = await f.approve(await enter('appropriation', appropriation({ amount: held.minus(100).toFixed(2), lines: line(held.minus(100).toFixed(2)), documents })), 'key_element_audit');
    const second = await f.approve(await enter('appropriation', appropriation({ amount: '200.00', lines: line('200.00') })), 'key_element_audit');
    expect((await f.approve(first)).status).toBe('executed');
    const before = await writes();
    expect(await refusalOf(f.approve(second))).toMatchObject({ reason: 'INSUFFICIENT_BALANCE' });
    expect(await writes()).toBe(before);
  });

  it('pays a voucher once (PAYMENT_ALREADY_MADE)', async () => {
    const payload = appropriation({ amount: '1.00' });
    await paid('appropriation', payload);
    expect(await refusalOf(enter('appropriation', payload))).toMatchObject({ reason: 'PAYMENT_ALREADY_MADE' });
  });
});

describe('budget data on paper, entered by the fiscal operator', () => {
  it('takes a quota after review and the supervisor, and a clearing can then draw on it', async () => {
    const quota = { bureauCode: BUREAU, agencyBankCode: BANK, year: 2026, document: 'ED-PAPER-1', lines: [{ budgetUnitCode: 'BU-PAPER', functionCode: '2010605', economicCode: '', amount: '10.00' }] };
    const entered = await f.enter('quota_entry', quota, operator());
    expect(entered.route).toEqual(['review', 'supervisor_approval']);
    expect((await f.approve(entered)).result).toEqual({ linesAdded: '1' });
    expect((await paid('payment_clearing', clearing([{ amount: '10.00', budgetUnitCode: 'BU-PAPER' }]))).status).toBe('executed');
    expect(await refusalOf(f.enter('plan_entry', { bureauCode: BUREAU, year: 2026, kind: 'annual', document: 'P', lines: [] }, operator()))).toMatchObject({ reason: 'MALFORMED_BUDGET_DATA' });
  });
});

describe('budget data from the bureau’s system', () => {
  it('takes a document once, refuses malformed lines, and takes nothing from a person', async () => {
    const plan = { bureauCode: BUREAU, year: 2026, kind: 'supplement', document: 'FJ-2026-ZJ9', lines: [{ functionCode: '210', economicCode: '', amount: '10.00' }] };
    expect(await disbursement.submitPlan(bureauSystem, plan)).toEqual({ linesAdded: 1 });
    expect(await disbursement.submitPlan(bureauSystem, plan)).toEqual({ linesAdded: 0 });
    expect(await refusalOf(disbursement.submitPlan(bureauSystem, { ...plan, document: 'X', lines: [{ functionCode: '110', economicCode: '', amount: '1' }] }))).toMatchObject({
      reason: 'MALFORMED_BUDGET_DATA',
    });
    expect(await refusalOf(disbursement.submitPlan(operator(), { ...plan, document: 'Y' }))).toMatchObject({ reason: 'POST_MAY_NOT_SUBMIT_BUDGET_DATA' });
  });
});

/** Waits until the channel's answer for `paymentId` is recorded (it comes back on its own, as a bank's would). */
async function outcomeOf(paymentId: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const status = (await disbursement.getPayment(f.person('clerk-ft', 'voucher_clerk', TREASURY), paymentId)).instruction?.status;
    if (status === 'settled' || status === 'returned') return status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no outcome for payment ${paymentId}`);
}

describe('the payment instruction (R53) and a returned payment (退汇, R18(4))', () => {
  // The deposit was spent down above (R39(6)): more of the district's fees come in.
  beforeAll(() => f.receipt('fee-ft-2', { revenueCode: '10304', designation: 'district', amount: '100000.00' }, TREASURY));
  const reader = () => f.person('clerk-ft', 'voucher_clerk', TREASURY);
  const returnOf = (paymentId: string, overrides: Record<string, unknown> = {}) => ({
    paymentId,
    payeeName: '深圳市福田区某学校',
    payeeAccount: '4000023409200012345',
    amount: '300.00',
    reason: '账户已销户',
    ...overrides,
  });

  it('sends each released payment once through the channel, after it is booked, retrying one the channel refused', async () => {
    const done = await paid('appropriation', appropriation({ amount: '10.00' }));
    const paymentId = done.result!['paymentId']!;
    expect((await disbursement.getPayment(reader(), paymentId)).instruction).toMatchObject({ channel: 'cnaps', status: 'pending' });
    channel.behave({ kind: 'fail', reason: 'CNAPS 暂停服务' }, 100);
    await dispatchInstructions(f.database, channel);
    expect((await disbursement.getPayment(reader(), paymentId)).instruction).toMatchObject({ status: 'failed', detail: expect.stringContaining('CNAPS 暂停服务') });
    channel.reset();
    expect(await dispatchInstructions(f.database, channel)).toBeGreaterThanOrEqual(1);
    expect(await outcomeOf(paymentId)).toBe('settled');
    expect(await dispatchInstructions(f.database, channel)).toBe(0);
  });

  it('puts a returned payment back on the deposit and the plan, after the supervisor, matching the original', async () => {
    const done = await paid('appropriation', appropriation({ amount: '300.00' }));
    const paymentId = done.result!['paymentId']!;
    expect(await refusalOf(f.enter('payment_return', returnOf(paymentId), operator()))).toMatchObject({ reason: 'NOT_RETURNED' });
    channel.behave({ kind: 'return', reason: '账户已销户' });
    await dispatchInstructions(f.database, channel);
    expect(await outcomeOf(paymentId)).toBe('returned');

    expect(await refusalOf(f.enter('payment_return', returnOf(paymentId, { payeeAccount: '6222000011112222' }), operator()))).toMatchObject({
      reason: 'RETURN_DOES_NOT_MATCH',
      details: { fields: 'payee_account' },
    });
    const usedBefore = await planUsed('2010605');
    const depositBefore = await f.balance(TREASURY, DEPOSIT);
    const entered = await f.enter('payment_return', returnOf(paymentId), operator());
    expect(entered.route).toEqual(['review', 'supervisor_approval']);
    expect((await f.approve(entered)).status).toBe('executed');
    expect(parseAmount(await f.balance(TREASURY, DEPOSIT)).minus(depositBefore).toFixed(2)).toBe('300.00');
    expect(parseAmount(usedBefore).minus(await planUsed('2010605')).toFixed(2)).toBe('300.00');
    expect((await disbursement.getPayment(reader(), paymentId)).returned).toBe(true);
    expect(await refusalOf(f.enter('payment_return', returnOf(paymentId), operator()))).toMatchObject({ reason: 'ALREADY_RETURNED' });
  });
});

/** What payments drew on the plan key of a function code, net of returns. */
async function planUsed(functionCode: string): Promise<string> {
  const [row] = await f.database.sql<{ used: string }[]>`
    select coalesce(sum(amount), 0)::text as used from disbursement.usages where limit_kind = 'plan' and function_code = ${functionCode}`;
  return row!.used;
}

describe('dynamic monitoring (seed 002)', () => {
  it('holds a payment a rule hits for the supervisor, and lists it with the rule and the decision', async () => {
    const admin = f.person('admin-SZ', 'system_admin');
    const rule = await f.enter('monitoring_rule_change', { kind: 'payee_name_contains', value: '现金', active: true, effectiveFrom: f.today }, admin);
    expect((await f.approve(rule)).status).toBe('executed');
    const entered = await enter('appropriation', appropriation({ amount: '20.00', payeeName: '某现金服务公司', payeeKind: 'non_budget', documents: [{ kind: 'basis', reference: '福财函' }] }));
    expect(entered.route).toEqual(['review', 'key_element_audit', 'supervisor_approval']);
    expect((await f.approve(entered)).status).toBe('executed');
    const held = await disbursement.heldPayments(f.person('clerk-ft', 'voucher_clerk', TREASURY), TREASURY);
    expect(held.map((h) => [h.request.id, h.hits.map((hit) => hit.kind)])).toEqual([[entered.id, ['payee_name_contains']]]);
    expect(held[0]!.request.steps.map((step) => step.step)).toContain('supervisor_approval');
    expect((await enter('appropriation', appropriation({ amount: '21.00' }))).route).toEqual(['review', 'key_element_audit']);
  });
});

describe('the release deadline (R36)', () => {
  it('lists a payment request still waiting after the business day following the day it was received', async () => {
    const waiting = await enter('appropriation', appropriation({ amount: '5.00' }));
    const reader = f.person('clerk-ft', 'voucher_clerk', TREASURY);
    expect((await disbursement.overdue(reader, TREASURY)).map((o) => o.request.id)).not.toContain(waiting.id);
    // The books move on until the day after the deadline: received today (the calendar date), due the next business day.
    const supervisor = f.person('supervisor-SZ-FT', 'accounting_supervisor', TREASURY);
    const calendar = await f.ledger.calendar.inForce();
    const received = treasuryDate(waiting.createdAt);
    const deadline = calendar.nextBusinessDay(calendar.onOrAfter(received));
    for (let day = (await f.ledger.days.current(TREASURY)).date; day <= deadline; day = (await f.ledger.days.current(TREASURY)).date) {
      await f.ledger.closeBusinessDay(supervisor, TREASURY, day);
    }
    const overdue = await disbursement.overdue(reader, TREASURY);
    expect(overdue.find((o) => o.request.id === waiting.id)).toMatchObject({ deadline });
    // What the server's jinku_payments_overdue gauge reports at a scrape.
    expect((await disbursement.overdueCounts()).get(TREASURY)).toBe(overdue.length);
  });
});
