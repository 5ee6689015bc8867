import { parseAmount, type Actor } from '@jinku/kernel';
import { refundFixture, type RefundFixture } from '@jinku/refunds/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisbursement } from '../disbursement';
import { disbursementMigrations } from '../migrations';
import { appropriationAction } from '../payment-action';
import { createDisbursementReports, type DisbursementReports } from './reports';

let f: RefundFixture;
let reports: DisbursementReports;
const BUREAU = 'FB-440304';
const bureauSystem: Actor = { kind: 'machine', userId: 'fb.system', login: 'fb.system', treasuryId: 'SZ-FT', posts: [], scopes: ['budget_data'], reach: ['SZ-FT'], jurisdictionId: 'SZ' };
const reader = () => f.person('clerk-ft', 'voucher_clerk', 'SZ-FT');

const pay = async (n: number, functionCode: string, economicCode: string, amount: string) => {
  const payload = {
    bureauCode: BUREAU,
    budgetLevel: 'district',
    agencyBankCode: '',
    voucherNumber: `R-${n}`,
    voucherDate: f.today,
    payeeName: '某学校',
    payeeAccount: `4000${n}`,
    bankCode: '102584002341',
    payeeKind: 'budget_unit',
    settlement: 'transfer',
    amount,
    lines: [{ budgetUnitCode: 'BU-1', functionCode, economicCode, amount }],
    documents: [],
    copyAmounts: [],
    presented: { $case: 'paper', value: { unitImprint: `${BUREAU} 公章`, representativeImprint: `${BUREAU} 名章` } },
  };
  expect((await f.approve(await f.enter('appropriation', payload, f.person('pay-ft', 'fiscal_refund_operator', 'SZ-FT')))).status).toBe('executed');
};

beforeAll(async () => {
  f = await refundFixture({ migrations: [disbursementMigrations], actions: ({ database, ledger, specimens, today }) => [appropriationAction({ database, ledger, specimens, today })] });
  reports = createDisbursementReports(f.database, f.ledger);
  await f.fileCard(BUREAU, 'finance_bureau', 'SZ-FT');
  await f.receipt('fee-1', { revenueCode: '10304', designation: 'district', amount: '10000.00' }, 'SZ-FT');
  await createDisbursement(f.database, { ledger: f.ledger, approvals: f.approvals }).submitPlan(bureauSystem, {
    bureauCode: BUREAU,
    year: 2026,
    kind: 'plan',
    document: 'P-1',
    lines: [{ functionCode: '201', economicCode: '', amount: '5000.00' }, { functionCode: '208', economicCode: '', amount: '5000.00' }],
  });
  await pay(1, '2010605', '30201', '100.00');
  await pay(2, '2010650', '30101', '250.50');
  await pay(3, '2080505', '30108', '49.50');
});

afterAll(async () => {
  await f?.database.drop();
});

describe('the expenditure report (支出日报) and the treasury stock report (库存日报表)', () => {
  it('sums the day’s payments by function code with its roll-ups, by economic code and bureau, to the register’s total', async () => {
    const report = await reports.expenditure(reader(), 'SZ-FT', 'day', f.today);
    expect(report).toMatchObject({ firstDay: f.today, lastDay: f.today, frozen: false, total: '400.00' });
    expect(report.byFunction.map((l) => `${l.code} ${l.amount}`)).toEqual(['201 350.50', '20106 350.50', '2010605 100.00', '2010650 250.50', '208 49.50', '20805 49.50', '2080505 49.50']);
    expect(report.byEconomic.map((l) => `${l.code} ${l.amount}`)).toEqual(['301 300.00', '30101 250.50', '30108 49.50', '302 100.00', '30201 100.00']);
    expect(report.byBureau).toEqual([{ code: BUREAU, amount: '400.00' }]);
  });

  it('shows each deposit account’s day, opening plus in less out making the closing, as the ledger holds it', async () => {
    const stock = await reports.stock(reader(), 'SZ-FT', f.today);
    for (const line of stock.lines) {
      expect(parseAmount(line.opening).plus(line.credit).minus(line.debit).toFixed(2)).toBe(line.closing);
      expect(line.closing).toBe(await f.balance('SZ-FT', line.accountNumber));
    }
    expect(stock.lines.find((l) => l.accountNumber === '201104')).toMatchObject({ credit: '10000.00', debit: '400.00', closing: '9600.00' });
  });

  it('exports both as a workbook a spreadsheet opens and as a CSV with its byte-order mark', async () => {
    const xlsx = await reports.exportExpenditure(reader(), 'SZ-FT', 'day', f.today, 'xlsx');
    expect(xlsx.fileName).toBe(`expenditure-SZ-FT-${f.today}-day.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.content as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('按功能分类')!.getRow(3).getCell(1).value).toBe('201');
    const csv = await reports.exportStock(reader(), 'SZ-FT', f.today, 'csv');
    expect(csv.content.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.content.toString('utf8')).toContain('9600.00');
  });
});
