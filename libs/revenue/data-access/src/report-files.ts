import { formatAmount, sumAmounts } from '@jinku/kernel';
import type { FiscalLevel } from '@jinku/ledger-domain';
import ExcelJS from 'exceljs';
import { Decimal } from 'decimal.js';
import type { ReportFormat, RevenueReportView } from './reports';

/** What a file says besides the view's figures. */
export interface ReportTitle {
  readonly treasuryName: string;
  readonly generatedAt: Date;
}

export const LEVEL_LABELS: Record<FiscalLevel, string> = { central: '中央级', provincial: '省级', municipal: '市级', district: '区县级' };
const PERIOD_LABELS = { day: '日报', month: '月报', year: '年报' } as const;
export const FROZEN_LABEL = '已定稿（期间内营业日均已结账，数字不再变动）';
export const NOT_FINAL_LABEL = '未定稿（期间内尚有未结账的营业日，数字可能变动）';
export const SHEET_BY_CODE = '按级次和科目';
export const SHEET_BY_AUTHORITY = '按征收机关';
const MONEY_FORMAT = '#,##0.00';

/** `revenue-SZ-2026-11-20-day.xlsx`, `revenue-SZ-2026-11-month.csv`, `revenue-SZ-2026-year.xlsx`. */
export function reportFileName(view: RevenueReportView, format: ReportFormat): string {
  const stamp = view.period === 'day' ? view.firstDay : view.period === 'month' ? view.firstDay.slice(0, 7) : view.firstDay.slice(0, 4);
  return `revenue-${view.treasuryId.replace(/[^A-Za-z0-9_-]/g, '_')}-${stamp}-${view.period}.${format}`;
}

/** 国家金库深圳市分库（SZ）预算收入月报 2026-11-01 至 2026-11-30 · 未定稿（…） */
export function reportTitle(view: RevenueReportView, title: ReportTitle): string {
  const days = view.firstDay === view.lastDay ? view.firstDay : `${view.firstDay} 至 ${view.lastDay}`;
  return `${title.treasuryName}（${view.treasuryId}）预算收入${PERIOD_LABELS[view.period]} ${days} · ${view.frozen ? FROZEN_LABEL : NOT_FINAL_LABEL}`;
}

/** Each level's total: the sum of its 3-digit (类) lines, into which every code rolls exactly once. */
function levelTotals(view: RevenueReportView): { level: FiscalLevel; amount: string }[] {
  const levels = [...new Set(view.lines.map((line) => line.level))];
  return levels.map((level) => ({
    level,
    amount: formatAmount(sumAmounts(view.lines.filter((line) => line.level === level && line.revenueCode.length === 3).map((line) => new Decimal(line.amount)))),
  }));
}

/**
 * A spreadsheet number from an exact amount: the decimal text itself when a double holds it to the fen
 * (every amount below 10^13 yuan), else the text, so that no fen is ever lost to binary floating point.
 */
function money(amount: string): number | string {
  const value = Number(amount);
  return value.toFixed(2) === amount ? value : amount;
}

interface SheetColumn {
  readonly header: string;
  readonly width: number;
  readonly kind: 'text' | 'money';
}

function sheet(workbook: ExcelJS.Workbook, name: string, title: string, columns: readonly SheetColumn[], rows: readonly { cells: (string | null)[]; bold?: boolean; indent?: number }[]) {
  // The header row stays on screen; the title above it is frozen with it.
  const worksheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  columns.forEach((column, index) => {
    const col = worksheet.getColumn(index + 1);
    col.width = column.width;
    // Codes are text: Excel keeps every digit and never turns 1010101 into a number.
    col.numFmt = column.kind === 'money' ? MONEY_FORMAT : '@';
  });
  worksheet.mergeCells(1, 1, 1, columns.length);
  const titleCell = worksheet.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { bold: true, size: 13 };
  worksheet.getRow(1).height = 22;
  const header = worksheet.getRow(2);
  header.values = columns.map((column) => column.header);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  for (const { cells, bold, indent } of rows) {
    const row = worksheet.addRow(cells.map((cell, index) => (cell === null ? null : columns[index]!.kind === 'money' ? money(cell) : cell)));
    if (bold) row.font = { bold: true };
    if (indent) row.getCell(3).alignment = { indent };
    columns.forEach((column, index) => {
      const cell = row.getCell(index + 1);
      cell.numFmt = column.kind === 'money' ? MONEY_FORMAT : '@';
      if (column.kind === 'money') cell.alignment = { horizontal: 'right' };
    });
  }
}

/**
 * The workbook: one sheet by level and code (each level's lines, its total, the grand total), one by
 * collecting authority; each with a title row naming the treasury, the period and whether it is final,
 * a frozen header, set widths, codes as text and amounts as numbers formatted #,##0.00.
 */
export async function xlsxReport(view: RevenueReportView, title: ReportTitle): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Jinku';
  workbook.created = title.generatedAt;
  workbook.modified = title.generatedAt;
  const heading = reportTitle(view, title);
  const totals = levelTotals(view);

  sheet(
    workbook,
    SHEET_BY_CODE,
    heading,
    [
      { header: '级次', width: 10, kind: 'text' },
      { header: '科目代码', width: 12, kind: 'text' },
      { header: '科目名称', width: 36, kind: 'text' },
      { header: '金额（元）', width: 22, kind: 'money' },
    ],
    [
      ...totals.flatMap(({ level, amount }) => [
        ...view.lines
          .filter((line) => line.level === level)
          .map((line) => ({ cells: [LEVEL_LABELS[line.level], line.revenueCode, line.codeName, line.amount], indent: (line.revenueCode.length - 3) / 2, bold: line.revenueCode.length === 3 })),
        { cells: [LEVEL_LABELS[level], null, `${LEVEL_LABELS[level]}合计`, amount], bold: true },
      ]),
      { cells: ['合计', null, null, view.total], bold: true },
    ],
  );

  const authorities = [...new Set(view.authorities.map((a) => a.authorityCode))];
  sheet(
    workbook,
    SHEET_BY_AUTHORITY,
    heading,
    [
      { header: '征收机关代码', width: 18, kind: 'text' },
      { header: '级次', width: 10, kind: 'text' },
      { header: '金额（元）', width: 22, kind: 'money' },
    ],
    [
      ...authorities.flatMap((authority) => {
        const own = view.authorities.filter((a) => a.authorityCode === authority);
        return [
          ...own.map((a) => ({ cells: [a.authorityCode, LEVEL_LABELS[a.level], a.amount] })),
          { cells: [authority, '小计', formatAmount(sumAmounts(own.map((a) => new Decimal(a.amount))))], bold: true },
        ];
      }),
      { cells: ['合计', null, view.total], bold: true },
    ],
  );

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const CSV_HEADER = ['栏目', '国库', '起日', '止日', '状态', '级次', '科目代码', '科目名称', '征收机关代码', '金额'];

/**
 * A text cell as a spreadsheet will not run it: a leading =, +, -, @, tab or CR would make Excel read a
 * formula (CSV injection), so such a text gets a leading apostrophe. Amounts are not texts and keep their sign.
 */
function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One table with a section column (by level and code, level totals, by authority, grand total), every row
 * naming the treasury, the period and whether it is final; UTF-8 with a byte-order mark, so that Excel
 * reads the Chinese correctly, and CRLF line ends (RFC 4180).
 */
export function csvReport(view: RevenueReportView, title: ReportTitle): Buffer {
  const status = view.frozen ? '已定稿' : '未定稿';
  const treasury = inert(`${title.treasuryName}（${view.treasuryId}）`);
  const row = (section: string, level: string, code: string, name: string, authority: string, amount: string) =>
    [section, treasury, view.firstDay, view.lastDay, status, level, code, inert(name), inert(authority), amount].map(field).join(',');
  const lines = [
    CSV_HEADER.join(','),
    ...view.lines.map((line) => row('级次科目', LEVEL_LABELS[line.level], line.revenueCode, line.codeName, '', line.amount)),
    ...levelTotals(view).map(({ level, amount }) => row('级次合计', LEVEL_LABELS[level], '', '', '', amount)),
    ...view.authorities.map((a) => row('征收机关', LEVEL_LABELS[a.level], '', '', a.authorityCode, a.amount)),
    row('合计', '', '', '', '', view.total),
  ];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
