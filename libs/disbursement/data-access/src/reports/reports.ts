import type { Database } from '@jinku/db';
import { rollUpCodes } from '@jinku/disbursement-domain';
import { authorize, formatAmount, invalidArgument, parseAmount, parseBusinessDate, sumAmounts, type Actor, type BusinessDate } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import { addSheet, csvBuffer, inert, newWorkbook, workbookBuffer } from '@jinku/spreadsheets';
import { expenditureFigures } from './report-queries';

export const EXPENDITURE_PERIODS = ['day', 'month', 'year'] as const;
export type ExpenditurePeriod = (typeof EXPENDITURE_PERIODS)[number];

export interface ExpenditureReport {
  readonly treasuryId: string;
  readonly firstDay: BusinessDate;
  readonly lastDay: BusinessDate;
  /** Every day of the period is closed: the figures can no longer change. */
  readonly frozen: boolean;
  /** By function code with its 类/款 roll-ups, by economic code with its 类, by paying bureau. */
  readonly byFunction: readonly { code: string; amount: string }[];
  readonly byEconomic: readonly { code: string; amount: string }[];
  readonly byBureau: readonly { code: string; amount: string }[];
  readonly total: string;
}

/** One deposit account's day (库存日报表): opening, in, out, closing. */
export interface StockLine {
  readonly accountNumber: string;
  readonly subjectCode: string;
  readonly opening: string;
  readonly credit: string;
  readonly debit: string;
  readonly closing: string;
}

export interface StockReport {
  readonly treasuryId: string;
  readonly date: BusinessDate;
  readonly final: boolean;
  readonly lines: readonly StockLine[];
  readonly totals: Omit<StockLine, 'accountNumber' | 'subjectCode'>;
}

function boundsOf(period: string, date: string): { firstDay: BusinessDate; lastDay: BusinessDate } {
  if (!(EXPENDITURE_PERIODS as readonly string[]).includes(period)) throw invalidArgument('MALFORMED_REPORT_PERIOD', `period is one of ${EXPENDITURE_PERIODS.join(', ')}`, { field: 'period' });
  const day = parseBusinessDate(date, 'date');
  if (period === 'day') return { firstDay: day, lastDay: day };
  if (period === 'year') return { firstDay: `${day.slice(0, 4)}-01-01`, lastDay: `${day.slice(0, 4)}-12-31` };
  const [year, month] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  return { firstDay: `${day.slice(0, 7)}-01`, lastDay: `${day.slice(0, 7)}-${String(new Date(Date.UTC(year, month, 0)).getUTCDate()).padStart(2, '0')}` };
}

const amounts = (rows: readonly { code: string; amount: ReturnType<typeof parseAmount> }[]) => rows.map((row) => ({ code: row.code, amount: formatAmount(row.amount) }));

/** The disbursement reports: expenditure by code and bureau, and the treasury stock of the deposit accounts; with exports. */
export function createDisbursementReports(database: Database, ledger: Ledger) {
  async function expenditure(actor: Actor, treasuryId: string, period: string, date: string): Promise<ExpenditureReport> {
    authorize(actor, 'disbursement.read', treasuryId);
    const { firstDay, lastDay } = boundsOf(period, date);
    const frozen = await ledger.isFinal(treasuryId, period as ExpenditurePeriod, lastDay);
    const figures = await expenditureFigures(database, treasuryId, firstDay, lastDay);
    const of = (section: string) => figures.filter((f) => f.section === section).map((f) => ({ code: f.key, amount: parseAmount(f.amount) }));
    const byFunction = of('function');
    return {
      treasuryId,
      firstDay,
      lastDay,
      frozen,
      byFunction: amounts(rollUpCodes(byFunction, [3, 5])),
      byEconomic: amounts(rollUpCodes(of('economic'), [3])),
      byBureau: amounts(of('bureau').sort((a, b) => (a.code < b.code ? -1 : 1))),
      total: formatAmount(sumAmounts(byFunction.map((line) => line.amount))),
    };
  }

  async function stock(actor: Actor, treasuryId: string, date: string): Promise<StockReport> {
    authorize(actor, 'disbursement.read', treasuryId);
    const [statement, accounts] = await Promise.all([ledger.days.statement(treasuryId, parseBusinessDate(date, 'date')), ledger.setup.accountsOf(treasuryId)]);
    const deposits = new Set(accounts.filter((a) => a.subject.role === 'deposit').map((a) => a.number));
    const rows = statement.accounts.filter((row) => deposits.has(row.accountNumber));
    const total = (pick: (row: (typeof rows)[number]) => ReturnType<typeof parseAmount>) => formatAmount(sumAmounts(rows.map(pick)));
    return {
      treasuryId,
      date: statement.date,
      final: statement.final,
      lines: rows.map((row) => ({
        accountNumber: row.accountNumber,
        subjectCode: row.subjectCode,
        opening: formatAmount(row.opening),
        credit: formatAmount(row.credit),
        debit: formatAmount(row.debit),
        closing: formatAmount(row.closing),
      })),
      totals: { opening: total((r) => r.opening), credit: total((r) => r.credit), debit: total((r) => r.debit), closing: total((r) => r.closing) },
    };
  }

  return {
    expenditure,
    stock,

    /** The expenditure report as a workbook (one sheet per view) or a CSV with a section column. */
    async exportExpenditure(actor: Actor, treasuryId: string, period: string, date: string, format: 'xlsx' | 'csv'): Promise<{ fileName: string; content: Buffer }> {
      const report = await expenditure(actor, treasuryId, period, date);
      const title = `${treasuryId} 预算支出报表 ${report.firstDay} 至 ${report.lastDay} · ${report.frozen ? '已定稿' : '未定稿'}`;
      const sections = [
        ['按功能分类', report.byFunction],
        ['按经济分类', report.byEconomic],
        ['按财政部门', report.byBureau],
      ] as const;
      const fileName = `expenditure-${treasuryId}-${report.firstDay}-${period}.${format}`;
      if (format === 'csv') {
        return { fileName, content: csvBuffer(['栏目', '国库', '起日', '止日', '代码', '金额'], [...sections.flatMap(([name, lines]) => lines.map((l) => [name, inert(treasuryId), report.firstDay, report.lastDay, inert(l.code), l.amount])), ['合计', inert(treasuryId), report.firstDay, report.lastDay, '', report.total]]) };
      }
      const workbook = newWorkbook(new Date());
      for (const [name, lines] of sections) {
        addSheet(workbook, name, title, [{ header: '代码', width: 14, kind: 'text' }, { header: '金额（元）', width: 22, kind: 'money' }], [...lines.map((l) => ({ cells: [l.code, l.amount], bold: l.code.length === 3 })), { cells: ['合计', report.total], bold: true }], 1);
      }
      return { fileName, content: await workbookBuffer(workbook) };
    },

    /** The treasury stock report as a workbook or a CSV. */
    async exportStock(actor: Actor, treasuryId: string, date: string, format: 'xlsx' | 'csv'): Promise<{ fileName: string; content: Buffer }> {
      const report = await stock(actor, treasuryId, date);
      const header = ['账号', '科目', '期初余额', '本日收入', '本日支出', '期末余额'];
      const rows = [...report.lines.map((l) => [l.accountNumber, l.subjectCode, l.opening, l.credit, l.debit, l.closing]), ['合计', '', report.totals.opening, report.totals.credit, report.totals.debit, report.totals.closing]];
      const fileName = `stock-${treasuryId}-${report.date}.${format}`;
      if (format === 'csv') return { fileName, content: csvBuffer(header, rows) };
      const workbook = newWorkbook(new Date());
      const columns = header.map((name, index) => ({ header: name, width: index < 2 ? 14 : 20, kind: index < 2 ? ('text' as const) : ('money' as const) }));
      addSheet(workbook, '库存日报表', `${treasuryId} 库存日报表 ${report.date} · ${report.final ? '已结账' : '未结账'}`, columns, rows.map((cells, index) => ({ cells, bold: index === rows.length - 1 })));
      return { fileName, content: await workbookBuffer(workbook) };
    },
  };
}

export type DisbursementReports = ReturnType<typeof createDisbursementReports>;
