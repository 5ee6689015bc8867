import type { Actor } from '@jinku/kernel';
import { refusalOf } from '@jinku/kernel/testing';
import type { StatementLine } from '@jinku/reconciliation-domain';
import { refundFixture, TAX_BUREAU, type RefundFixture } from '@jinku/refunds/testing';
import { clearingAction, createDisbursement, disbursementMigrations } from '@jinku/disbursement';
import { createSpecimens } from '@jinku/seals';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconciliationMigrations } from './migrations';
import { createReconciliation, type Reconciliation } from './reconciliation';

let f: RefundFixture;
const BANK = 'AB-ICBC-FT';
let reconciliation: Reconciliation;
const taxSystem: Actor = { kind: 'machine', userId: 'tax.statements', login: 'tax.statements', treasuryId: 'SZ', posts: [], scopes: ['statements'], reach: ['SZ'], jurisdictionId: 'SZ' };
const clerk = () => f.person('income-SZ', 'income_operator');
const paper = { method: 'paper' as const, unitImprint: `${TAX_BUREAU} 公章`, representativeImprint: `${TAX_BUREAU} 名章` };

beforeAll(async () => {
  f = await refundFixture({
    migrations: [disbursementMigrations, reconciliationMigrations],
    actions: ({ database, ledger, specimens, today }) => [clearingAction({ database, ledger, specimens, today })],
  });
  const disbursement = createDisbursement(f.database, { ledger: f.ledger, approvals: f.approvals });
  reconciliation = createReconciliation(f.database, { revenue: f.revenue, disbursement, ledger: f.ledger, specimens: createSpecimens(f.database) });
  // The agency bank's quota at Futian, and what it cleared: 300.00 for BU-1, 200.00 for BU-2.
  const bureauSystem: Actor = { kind: 'machine', userId: 'fb.system', login: 'fb.system', treasuryId: 'SZ-FT', posts: [], scopes: ['budget_data'], reach: ['SZ-FT'], jurisdictionId: 'SZ' };
  await f.fileCard(BANK, 'agency_bank', 'SZ-FT');
  await f.receipt('fee-ft', { revenueCode: '10304', designation: 'district', amount: '5000.00' }, 'SZ-FT');
  await disbursement.submitPlan(bureauSystem, { bureauCode: 'FB-440304', year: 2026, kind: 'plan', document: 'P', lines: [{ functionCode: '201', economicCode: '', amount: '5000.00' }] });
  await disbursement.issueQuotas(bureauSystem, {
    bureauCode: 'FB-440304',
    agencyBankCode: BANK,
    year: 2026,
    document: 'Q',
    lines: ['BU-1', 'BU-2'].map((budgetUnitCode) => ({ budgetUnitCode, functionCode: '2010605', economicCode: '', amount: '1000.00' })),
  });
  for (const [n, unit, amount] of [[1, 'BU-1', '300.00'], [2, 'BU-2', '200.00']] as const) {
    const payload = {
      bureauCode: 'FB-440304', budgetLevel: 'district', agencyBankCode: BANK, voucherNumber: `QK-${n}`, voucherDate: f.today, payeeName: '工商银行福田支行', payeeAccount: '4000099',
      bankCode: '102584002341', payeeKind: 'budget_unit', settlement: 'transfer', amount, lines: [{ budgetUnitCode: unit, functionCode: '2010605', economicCode: '30201', amount }],
      documents: [], copyAmounts: [], presented: { $case: 'paper', value: { unitImprint: `${BANK} 公章`, representativeImprint: `${BANK} 名章` } },
    };
    expect((await f.approve(await f.enter('payment_clearing', payload, f.person('pay-ft', 'fiscal_refund_operator', 'SZ-FT')))).status).toBe('executed');
  }
  await f.fileCard(TAX_BUREAU, 'tax_bureau');
  for (const messageId of ['R1', 'R2', 'R3', 'R4', 'R5']) await f.receipt(messageId);
});

afterAll(async () => {
  await f?.database.drop();
});

describe('a statement with a collecting authority (R56–R58)', () => {
  it('lists every difference by kind, takes no "agreed" over them, and records the signed result once, its seal checked', async () => {
    const statement = await reconciliation.prepareStatement(clerk(), { treasuryId: 'SZ', counterpartyKind: 'collecting_authority', counterpartyCode: TAX_BUREAU, periodFrom: f.today, periodTo: f.today });
    // Each of the five VAT receipts of 100.01: central 50.01, municipal 25.00, district 25.00.
    const part = (reference: string, level: string, amount: string, overrides: Partial<StatementLine> = {}): StatementLine => ({ reference, level, code: '1010101', amount, date: f.today, ...overrides });
    const theirs: StatementLine[] = [
      ...['R1', 'R2', 'R3', 'R4'].flatMap((r) => [part(r, 'central', '50.01'), part(r, 'municipal', '25.00'), part(r, 'district', '25.00')]),
      part('R5', 'central', '50.01'),
      part('R5', 'provincial', '25.00'),
      part('R9', 'central', '1.00'),
    ];
    theirs[0] = part('R1', 'central', '50.10');
    theirs[1] = part('R1', 'municipal', '25.00', { date: '2026-11-19' });
    theirs[4] = part('R2', 'municipal', '25.00', { code: '1010102' });
    expect(await reconciliation.submitCounterpartyLines(taxSystem, statement.id, theirs)).toBe(theirs.length);
    const run = await reconciliation.match(clerk(), statement.id);
    expect(run).toMatchObject({ treasuryLines: 15, counterpartyLines: 15 });
    const { differences } = await reconciliation.differences(clerk(), statement.id);
    expect(differences.map((d) => `${d.kind} ${d.reference} ${d.treasury?.level ?? '-'} ${d.counterparty?.level ?? '-'}`).sort()).toEqual([
      'amount_differs R1 central central',
      'code_or_level_differs R2 municipal municipal',
      'code_or_level_differs R5 district provincial',
      'date_differs R1 municipal municipal',
      'missing_at_counterparty R5 municipal -',
      'missing_at_treasury R9 - central',
    ]);

    const signed = { signedOn: f.today, signer: '税务局对账员 张三', presented: paper };
    expect(await refusalOf(reconciliation.recordResult(clerk(), statement.id, { ...signed, outcome: 'agreed' }))).toMatchObject({ reason: 'RESULT_CONTRADICTS_DIFFERENCES' });
    expect(await refusalOf(reconciliation.recordResult(clerk(), statement.id, { ...signed, outcome: 'differs', presented: undefined }))).toMatchObject({ reason: 'SEAL_MISSING' });
    await reconciliation.recordResult(clerk(), statement.id, { ...signed, outcome: 'differs' });
    expect(await refusalOf(reconciliation.submitCounterpartyLines(taxSystem, statement.id, [part('R1', 'central', '50.01')]))).toMatchObject({ reason: 'STATEMENT_SIGNED' });
  });

  it('takes "agreed" once every difference is explained or corrected (R58)', async () => {
    const statement = await reconciliation.prepareStatement(clerk(), { treasuryId: 'SZ', counterpartyKind: 'collecting_authority', counterpartyCode: TAX_BUREAU, periodFrom: '2026-10-01', periodTo: f.today });
    const part = (reference: string, level: string, amount: string): StatementLine => ({ reference, level, code: '1010101', amount, date: f.today });
    const theirs = ['R1', 'R2', 'R3', 'R4', 'R5'].flatMap((r) => [part(r, 'central', r === 'R3' ? '50.00' : '50.01'), part(r, 'municipal', '25.00'), part(r, 'district', '25.00')]);
    await reconciliation.submitCounterpartyLines(taxSystem, statement.id, theirs);
    await reconciliation.match(clerk(), statement.id);
    const [difference] = (await reconciliation.differences(clerk(), statement.id)).differences;
    expect(difference).toMatchObject({ kind: 'amount_differs', reference: 'R3' });
    const signed = { signedOn: f.today, signer: '税务局对账员 张三', presented: paper, outcome: 'agreed' };
    expect(await refusalOf(reconciliation.recordResult(clerk(), statement.id, signed))).toMatchObject({ reason: 'RESULT_CONTRADICTS_DIFFERENCES' });
    const corrected = { kind: 'corrected', note: '税务局更正其入库数', correctionReference: '税务局更正通知 GZ-9' };
    expect(await refusalOf(reconciliation.resolveDifference(clerk(), statement.id, difference!.id, { ...corrected, correctionReference: '' }))).toMatchObject({ reason: 'MALFORMED_RESOLUTION' });
    await reconciliation.resolveDifference(clerk(), statement.id, difference!.id, corrected);
    expect(await refusalOf(reconciliation.resolveDifference(clerk(), statement.id, difference!.id, corrected))).toMatchObject({ reason: 'DIFFERENCE_RESOLVED' });
    await reconciliation.recordResult(clerk(), statement.id, signed);
  });

  it('takes the counterparty side only from a counterparty’s system, and prepares each period once', async () => {
    const request = { treasuryId: 'SZ', counterpartyKind: 'collecting_authority', counterpartyCode: TAX_BUREAU, periodFrom: '2026-11-02', periodTo: f.today };
    const statement = await reconciliation.prepareStatement(clerk(), request);
    expect(await refusalOf(reconciliation.submitCounterpartyLines(clerk(), statement.id, []))).toMatchObject({ reason: 'POST_MAY_NOT_SUBMIT_STATEMENTS' });
    expect(await refusalOf(reconciliation.prepareStatement(clerk(), request))).toMatchObject({ reason: 'STATEMENT_EXISTS' });
  });

  it('imports the side a counterparty returned as a file, CSV or xlsx, refusing a malformed one whole', async () => {
    const statement = await reconciliation.prepareStatement(clerk(), { treasuryId: 'SZ', counterpartyKind: 'collecting_authority', counterpartyCode: TAX_BUREAU, periodFrom: '2026-09-01', periodTo: f.today });
    const csv = `\uFEFFreference,level,code,amount,date\r\nR1,central,1010101,50.01,${f.today}\r\n"R2",municipal,1010101,25.00,${f.today}\r\n`;
    expect(await reconciliation.importCounterpartyFile(clerk(), statement.id, 'csv', Buffer.from(csv))).toBe(2);
    expect(await refusalOf(reconciliation.importCounterpartyFile(clerk(), statement.id, 'csv', Buffer.from(`h\r\nR3,central,1010101,fifty,${f.today}\r\n`)))).toMatchObject({ reason: 'MALFORMED_LINE' });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('对账单');
    sheet.addRow(['reference', 'level', 'code', 'amount', 'date']);
    sheet.addRow(['R3', 'central', '1010101', '50.01', f.today]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await reconciliation.importCounterpartyFile(clerk(), statement.id, 'xlsx', xlsx)).toBe(1);
    const run = await reconciliation.match(clerk(), statement.id);
    expect(run).toMatchObject({ counterpartyLines: 3 });
  });
});

describe('a quota statement with an agency bank (R57(3))', () => {
  it('lists the bank’s quota use per budget unit and codes, and matches its side', async () => {
    const statement = await reconciliation.prepareStatement(f.person('pay-ft', 'fiscal_refund_operator', 'SZ-FT'), { treasuryId: 'SZ-FT', counterpartyKind: 'agency_bank', counterpartyCode: BANK, periodFrom: '2026-11-01', periodTo: '2026-11-30' });
    const bankSystem: Actor = { ...taxSystem, treasuryId: 'SZ-FT', reach: ['SZ-FT'] };
    const line = (unit: string, amount: string): StatementLine => ({ reference: `${unit}/2010605/*`, level: 'quota', code: '2010605', amount, date: '2026-11-30' });
    await reconciliation.submitCounterpartyLines(bankSystem, statement.id, [line('BU-1', '300.00'), line('BU-2', '200.50')]);
    const run = await reconciliation.match(f.person('pay-ft', 'fiscal_refund_operator', 'SZ-FT'), statement.id);
    expect(run).toMatchObject({ treasuryLines: 2, counterpartyLines: 2, differences: 1 });
    const { differences } = await reconciliation.differences(f.person('pay-ft', 'fiscal_refund_operator', 'SZ-FT'), statement.id);
    expect(differences.map((d) => `${d.kind} ${d.reference} ${d.treasury?.amount} ${d.counterparty?.amount}`)).toEqual(['amount_differs BU-2/2010605/* 200.00 200.50']);
  });
});

describe('a statement with a finance bureau (R57(2))', () => {
  it('lists revenue per level and code and each deposit account’s balance, as the books hold them', async () => {
    const operator = f.person('pay-ft', 'fiscal_refund_operator', 'SZ-FT');
    const statement = await reconciliation.prepareStatement(operator, { treasuryId: 'SZ-FT', counterpartyKind: 'finance_bureau', counterpartyCode: 'FB-440304', periodFrom: '2026-11-01', periodTo: '2026-11-30' });
    const bureauSystem: Actor = { ...taxSystem, treasuryId: 'SZ-FT', reach: ['SZ-FT'] };
    const deposit = await f.balance('SZ-FT', '201104');
    await reconciliation.submitCounterpartyLines(bureauSystem, statement.id, [
      { reference: 'revenue/district/10304', level: 'district', code: '10304', amount: '5000.00', date: '2026-11-30' },
      { reference: 'balance/201104', level: 'district', code: '2011', amount: deposit, date: f.today },
    ]);
    const run = await reconciliation.match(operator, statement.id);
    const { differences } = await reconciliation.differences(operator, statement.id);
    // Only the deposit accounts of other kinds (special, extra-budgetary: 0.00 balances) are not on the bureau's side.
    expect(differences.every((d) => d.kind === 'missing_at_counterparty' && d.reference.startsWith('balance/') && d.treasury!.amount === '0.00')).toBe(true);
    expect(run.treasuryLines - differences.length).toBe(2);
  });
});


describe('a year’s statement with a collecting authority (R57(1))', () => {
  it('also lists the jurisdiction’s total per level and code: the branch’s receipts and its sub-treasuries’', async () => {
    const statement = await reconciliation.prepareStatement(clerk(), { treasuryId: 'SZ', counterpartyKind: 'collecting_authority', counterpartyCode: TAX_BUREAU, periodFrom: '2026-01-01', periodTo: '2026-12-31' });
    const run = await reconciliation.match(clerk(), statement.id);
    const { differences } = await reconciliation.differences(clerk(), statement.id);
    const totals = differences.filter((d) => d.reference.startsWith('jurisdiction/'));
    // Futian's fee, taken in at the sub-treasury, counts in the branch's jurisdiction total.
    expect(totals.find((d) => d.reference === 'jurisdiction/district/10304')?.treasury).toEqual({ level: 'district', code: '10304', amount: '5000.00', date: '2026-12-31' });
    expect(totals.map((d) => d.reference)).toContain('jurisdiction/central/1010101');
    expect(run.treasuryLines).toBe(differences.length);
    // A month's statement lists only what the authority collected directly.
    const month = await reconciliation.prepareStatement(clerk(), { treasuryId: 'SZ', counterpartyKind: 'collecting_authority', counterpartyCode: TAX_BUREAU, periodFrom: '2026-11-01', periodTo: '2026-11-30' });
    await reconciliation.match(clerk(), month.id);
    expect((await reconciliation.differences(clerk(), month.id)).differences.some((d) => d.reference.startsWith('jurisdiction/'))).toBe(false);
  });
});
