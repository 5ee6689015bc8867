import { invalidArgument } from '@jinku/kernel';
import { addSheet, csvBuffer, inert, newWorkbook, workbookBuffer } from '@jinku/spreadsheets';
import type { PeriodStatement } from './period-statement';

const MONEY_HEADERS = ['期初余额', '本期借方（收入）', '本期贷方（付出）', '期末余额'];

/**
 * A month's or a year's statement a person opens in a spreadsheet: an xlsx with the sub-ledger accounts and the
 * general ledger by subject (总账) on two sheets, or a CSV of both with a section column.
 */
export async function periodStatementFile(statement: PeriodStatement, format: string): Promise<{ fileName: string; content: Buffer }> {
  if (format !== 'xlsx' && format !== 'csv') throw invalidArgument('MALFORMED_FORMAT', 'format is "xlsx" or "csv"', { field: 'format' });
  const money = (r: PeriodStatement['subjects'][number]) => [r.opening, r.debit, r.credit, r.closing].map((a) => a.toFixed(2));
  const accounts = statement.accounts.map((r) => [inert(r.accountNumber), inert(r.subjectCode), ...money(r)]);
  const subjects = statement.subjects.map((r) => [inert(r.subjectCode), ...money(r)]);
  const fileName = `statement-${statement.treasuryId}-${statement.period}.${format}`;
  if (format === 'csv') {
    const rows = [...accounts.map((cells) => ['分户账', ...cells]), ...subjects.map(([code, ...cells]) => ['总账', '', code!, ...cells])];
    return { fileName, content: csvBuffer(['栏目', '账号', '科目', ...MONEY_HEADERS], rows) };
  }
  const name = statement.period.length === 4 ? '年计表' : '月计表';
  const title = `${statement.treasuryId} ${name} ${statement.period} · ${statement.final ? '已结账' : '未结账'}`;
  const moneyColumns = MONEY_HEADERS.map((header) => ({ header, width: 20, kind: 'money' as const }));
  const workbook = newWorkbook(new Date());
  addSheet(workbook, '分户账', title, [{ header: '账号', width: 16, kind: 'text' }, { header: '科目', width: 10, kind: 'text' }, ...moneyColumns], accounts.map((cells) => ({ cells })));
  addSheet(workbook, '总账', title, [{ header: '科目', width: 10, kind: 'text' }, ...moneyColumns], subjects.map((cells) => ({ cells })), 1);
  return { fileName, content: await workbookBuffer(workbook) };
}
