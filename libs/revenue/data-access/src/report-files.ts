import { formatAmount, sumAmounts } from '@jinku/kernel';
import type { FiscalLevel } from '@jinku/ledger-domain';
import { addSheet, csvBuffer, inert, newWorkbook, workbookBuffer } from '@jinku/spreadsheets';
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
 * The workbook: one sheet by level and code (each level's lines, its total, the grand total), one by
 * collecting authority; each with a title row naming the treasury, the period and whether it is final,
 * a frozen header, set widths, codes as text and amounts as numbers formatted #,##0.00.
 */
export async function xlsxReport(view: RevenueReportView, title: ReportTitle): Promise<Buffer> {
  const workbook = newWorkbook(title.generatedAt);
  const heading = reportTitle(view, title);
  const totals = levelTotals(view);

  addSheet(
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
  addSheet(
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

  return workbookBuffer(workbook);
}

const CSV_HEADER = ['栏目', '国库', '起日', '止日', '状态', '级次', '科目代码', '科目名称', '征收机关代码', '金额'];

/**
 * One table with a section column (by level and code, level totals, by authority, grand total), every row
 * naming the treasury, the period and whether it is final; UTF-8 with a byte-order mark, so that Excel
 * reads the Chinese correctly, and CRLF line ends (RFC 4180).
 */
export function csvReport(view: RevenueReportView, title: ReportTitle): Buffer {
  const status = view.frozen ? '已定稿' : '未定稿';
  const treasury = inert(`${title.treasuryName}（${view.treasuryId}）`);
  const row = (section: string, level: string, code: string, name: string, authority: string, amount: string) =>
    [section, treasury, view.firstDay, view.lastDay, status, level, code, inert(name), inert(authority), amount];
  return csvBuffer(CSV_HEADER, [
    ...view.lines.map((line) => row('级次科目', LEVEL_LABELS[line.level], line.revenueCode, line.codeName, '', line.amount)),
    ...levelTotals(view).map(({ level, amount }) => row('级次合计', LEVEL_LABELS[level], '', '', '', amount)),
    ...view.authorities.map((a) => row('征收机关', LEVEL_LABELS[a.level], '', '', a.authorityCode, a.amount)),
    row('合计', '', '', '', '', view.total),
  ]);
}
