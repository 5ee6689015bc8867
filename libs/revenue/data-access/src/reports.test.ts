import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import { formatAmount, parseAmount, sumAmounts, type Actor, type Amount, type Post } from '@jinku/kernel';
import { refusalOf } from '@jinku/kernel/testing';
import { createLedger, demoTreasuries, jurisdictionsOf, ledgerMigrations, seedLedgerDemo, type Ledger } from '@jinku/ledger';
import { demoSharingRules, rollUp } from '@jinku/revenue-domain';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceiptInput, ReceiptOutcome } from './intake';
import { revenueMigrations } from './migrations';
import { FROZEN_LABEL, LEVEL_LABELS, NOT_FINAL_LABEL, SHEET_BY_AUTHORITY, SHEET_BY_CODE } from './report-files';
import { createRevenueReports, type RevenueReportRequest, type RevenueReports, type RevenueReportView } from './reports';
import { createRevenue, type Revenue } from './revenue';
import { sharingRuleRepository } from './sharing-rules';

let database: TestDatabase;
let ledger: Ledger;
let revenue: Revenue;
let reports: RevenueReports;
/** Friday 2026-11-27, then Monday 2026-11-30 (the month's last), then Tuesday 2026-12-01. */
let day1: string;
const day2 = '2026-11-30';
const day3 = '2026-12-01';

const TAX = '14403000000';
const NON_TAX = '44030000001';
/** An authority code a spreadsheet would take for a formula: the CSV must keep it inert. */
const FORMULA_LIKE = '=1+2';
/** A classification name with a comma and a quote: the CSV must quote it. */
const COMMA_CODE = { code: '1030499', name: '其他行政事业性收费收入,含"工本费"', kind: 'revenue' as const };

const jurisdictions = jurisdictionsOf(demoTreasuries);
const link = (treasuryId: string): Actor => {
  const { reach, jurisdictionId } = jurisdictions.get(treasuryId)!;
  return { kind: 'machine', userId: `principal:${treasuryId}`, login: `${treasuryId}.tips`, treasuryId, posts: [], scopes: ['receipt_posting'], reach, jurisdictionId };
};
let people = 0;
const person = (posts: Post[], treasuryId: string): Actor => {
  const { reach, jurisdictionId } = jurisdictions.get(treasuryId)!;
  people += 1;
  return { kind: 'person', userId: `u${people}`, login: `user${people}`, treasuryId, posts, scopes: [], reach, jurisdictionId };
};
const reader = person(['income_operator'], 'SZ');
const supervisor = person(['accounting_supervisor'], 'SZ');

let messages = 0;
const receipt = (overrides: Partial<ReceiptInput> = {}): ReceiptInput => ({
  authorityCode: TAX,
  messageId: `r-${++messages}`,
  revenueCode: '10109',
  designation: 'shared',
  region: '440307',
  payerName: '龙岗某制造有限公司',
  payerAccount: '4403070000999',
  amount: '1000.00',
  collectionDate: day1,
  ...overrides,
});

async function submit(treasuryId: string, inputs: ReceiptInput[]): Promise<Extract<ReceiptOutcome, { ok: true }>[]> {
  const outcomes = await revenue.submitReceipts(link(treasuryId), inputs);
  return outcomes.map((outcome) => {
    if (!outcome.ok) throw outcome.error;
    return outcome;
  });
}

const ask = (treasuryId: string, period: RevenueReportRequest['period'], date: string, actor: Actor = reader) => reports.report(actor, { treasuryId, period, date });
const yuan = (amounts: Iterable<Amount>) => formatAmount(sumAmounts(amounts));
const shown = (view: RevenueReportView) => view.lines.map((line) => `${line.level} ${line.revenueCode} ${line.amount}`);
const levelTotal = (view: RevenueReportView, level: string) => yuan(view.lines.filter((l) => l.level === level && l.revenueCode.length === 3).map((l) => parseAmount(l.amount)));

/** The day's receipts at the branch, with every kind of division and both authorities. */
let day1Inputs: ReceiptInput[];
let day1Outcomes: Awaited<ReturnType<typeof submit>>;
let day1Report: RevenueReportView;

beforeAll(async () => {
  database = await createTestDatabase([ledgerMigrations, revenueMigrations]);
  ledger = createLedger(database);
  day1 = await seedLedgerDemo(ledger.setup, ledger.days, '2026-11-27');
  await ledger.setup.loadClassificationCodes([COMMA_CODE]);
  revenue = createRevenue(database, ledger);
  reports = createRevenueReports(database, ledger);
  await revenue.defineRegions([
    { region: '440304', treasuryId: 'SZ-FT', name: '福田区' },
    { region: '440307', treasuryId: 'SZ-LG', name: '龙岗区' },
  ]);
  // What approved sharing_rule_change requests record (the approval route is tested through gRPC).
  for (const [index, rule] of demoSharingRules(day1).entries()) await database.sql.begin((tx) => sharingRuleRepository.append(tx, 'SZ', rule, String(index + 1)));

  day1Inputs = [
    receipt({ revenueCode: '1010101', amount: '1000.00' }), // central 500 / municipal 250 / district 250 → SZ-LG
    receipt({ revenueCode: '10109', amount: '333.33', region: '440304' }), // municipal 166.67 / district 166.66 → SZ-FT
    receipt({ revenueCode: '10104', amount: '0.01', region: '440304' }), // central 0.01, the other parts 0.00
    receipt({ revenueCode: '10106', amount: '88.88', designation: 'municipal' }),
    receipt({ revenueCode: COMMA_CODE.code, amount: '77.70', designation: 'district', authorityCode: NON_TAX }),
    receipt({ revenueCode: '10304', amount: '5.00', designation: 'provincial', authorityCode: FORMULA_LIKE }),
  ];
  day1Outcomes = await submit('SZ', day1Inputs);
  await submit('SZ-LG', [receipt({ revenueCode: '10304', amount: '50.00', designation: 'district', authorityCode: NON_TAX })]);
  day1Report = await ask('SZ', 'day', day1);
});

afterAll(async () => {
  await database?.drop();
});

describe('a day’s revenue report (R31, R57)', () => {
  it('holds exactly what was posted: the ledger’s credits by level and code, rolled up, and the receipts’ total', async () => {
    expect(day1).toBe('2026-11-27');
    expect(day1Report).toMatchObject({ treasuryId: 'SZ', period: 'day', firstDay: day1, lastDay: day1, frozen: false, total: '1504.92' });
    // The postings: every revenue line credited at the branch that day carries its level and code.
    const credited = new Map<string, { code: string; amount: Amount }[]>();
    for (const account of await ledger.setup.accountsOf('SZ')) {
      const { items } = await ledger.accounts.entries('SZ', account.number, day1, day1, { pageSize: 1000, pageToken: '' });
      for (const entry of items) {
        if (entry.side !== 'credit' || entry.classificationCode === null) continue;
        const lines = credited.get(entry.fiscalLevel!) ?? [];
        lines.push({ code: entry.classificationCode, amount: entry.amount });
        credited.set(entry.fiscalLevel!, lines);
      }
    }
    const fromLedger = ['central', 'provincial', 'municipal', 'district'].flatMap((level) => rollUp(credited.get(level) ?? []).map((l) => `${level} ${l.code} ${formatAmount(l.amount)}`));
    expect(shown(day1Report)).toEqual(fromLedger);
    expect(shown(day1Report)).toEqual([
      'central 101 500.01',
      'central 10101 500.00',
      'central 1010101 500.00',
      'central 10104 0.01',
      'provincial 103 5.00',
      'provincial 10304 5.00',
      'municipal 101 505.55',
      'municipal 10101 250.00',
      'municipal 1010101 250.00',
      'municipal 10106 88.88',
      'municipal 10109 166.67',
      'district 101 416.66',
      'district 10101 250.00',
      'district 1010101 250.00',
      'district 10109 166.66',
      'district 103 77.70',
      'district 10304 77.70',
      'district 1030499 77.70',
    ]);
    // Each level's total is its parts of the receipts; the grand total their amounts.
    for (const level of ['central', 'provincial', 'municipal', 'district']) {
      const parts = day1Outcomes.flatMap((o) => o.parts.filter((p) => p.level === level).map((p) => parseAmount(p.amount)));
      expect(levelTotal(day1Report, level), level).toBe(yuan(parts));
    }
    expect(day1Report.total).toBe(yuan(day1Inputs.map((i) => parseAmount(i.amount))));
  });

  it('names every code and prefix from the ledger’s classification', () => {
    const names = new Map(day1Report.lines.map((line) => [line.revenueCode, line.codeName]));
    expect(Object.fromEntries(names)).toEqual({
      '101': '税收收入',
      '10101': '增值税',
      '1010101': '国内增值税',
      '10104': '企业所得税',
      '10106': '个人所得税',
      '10109': '城市维护建设税',
      '103': '非税收入',
      '10304': '行政事业性收费收入',
      '1030499': COMMA_CODE.name,
    });
  });

  it('rolls up: each 3- and 5-digit line is the sum of the lines under it, the 3-digit lines the total', () => {
    for (const line of day1Report.lines.filter((l) => l.revenueCode.length < 7)) {
      const children = day1Report.lines.filter((l) => l.level === line.level && l.revenueCode.length === line.revenueCode.length + 2 && l.revenueCode.startsWith(line.revenueCode));
      if (children.length > 0) expect(yuan(children.map((c) => parseAmount(c.amount))), `${line.level} ${line.revenueCode}`).toBe(line.amount);
    }
    expect(yuan(day1Report.lines.filter((l) => l.revenueCode.length === 3).map((l) => parseAmount(l.amount)))).toBe(day1Report.total);
  });

  it('totals by collecting authority and level, which add up to the total', () => {
    const expected = new Map<string, Amount[]>();
    day1Outcomes.forEach((outcome, index) => {
      for (const part of outcome.parts) {
        if (part.amount === '0.00') continue;
        const key = `${day1Inputs[index]!.authorityCode} ${part.level}`;
        expected.set(key, [...(expected.get(key) ?? []), parseAmount(part.amount)]);
      }
    });
    // By authority code as a string ('=' after the digits), then level from the top.
    expect(day1Report.authorities.map((a) => `${a.authorityCode} ${a.level} ${a.amount}`)).toEqual([
      `${TAX} central 500.01`,
      `${TAX} municipal 505.55`,
      `${TAX} district 416.66`,
      `${NON_TAX} district 77.70`,
      `${FORMULA_LIKE} provincial 5.00`,
    ]);
    expect(Object.fromEntries(day1Report.authorities.map((a) => [`${a.authorityCode} ${a.level}`, a.amount]))).toEqual(
      Object.fromEntries([...expected].map(([key, amounts]) => [key, yuan(amounts)])),
    );
    expect(yuan(day1Report.authorities.map((a) => parseAmount(a.amount)))).toBe(day1Report.total);
  });
});

describe('who reads a treasury’s report (revenue.read)', () => {
  it('the branch’s people read their sub-treasuries’ reports, a sub-treasury’s its own', async () => {
    const lg = await ask('SZ-LG', 'day', day1);
    expect(shown(lg)).toEqual(['district 103 50.00', 'district 10304 50.00']);
    expect(lg.authorities).toEqual([{ authorityCode: NON_TAX, level: 'district', amount: '50.00' }]);
    expect(await ask('SZ-LG', 'day', day1, person(['reviewer'], 'SZ-LG'))).toEqual(lg);
  });

  it('refuses a person of another sub-treasury, and a sub-treasury’s person the branch’s report', async () => {
    const futian = person(['director'], 'SZ-FT');
    for (const treasuryId of ['SZ-LG', 'SZ']) {
      expect(await refusalOf(ask(treasuryId, 'day', day1, futian))).toMatchObject({ kind: 'permission_denied', reason: 'OTHER_TREASURY' });
      expect(await refusalOf(reports.export(futian, { treasuryId, period: 'day', date: day1 }, 'csv'))).toMatchObject({ reason: 'OTHER_TREASURY' });
    }
  });

  it('refuses a malformed date, period or format', async () => {
    expect(await refusalOf(ask('SZ', 'day', '2026-13-01'))).toMatchObject({ kind: 'invalid_argument', reason: 'MALFORMED_DATE' });
    expect(await refusalOf(ask('SZ', 'week' as never, day1))).toMatchObject({ kind: 'invalid_argument', reason: 'MALFORMED_REPORT_PERIOD' });
    expect(await refusalOf(reports.export(reader, { treasuryId: 'SZ', period: 'day', date: day1 }, 'pdf' as never))).toMatchObject({
      kind: 'invalid_argument',
      reason: 'MALFORMED_REPORT_FORMAT',
    });
  });
});

/** RFC 4180 records of a CSV text (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let value = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      value += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      record.push(value);
      value = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      record.push(value);
      records.push(record);
      record = [];
      value = '';
      i++;
    } else {
      value += c;
    }
  }
  return records;
}

describe('exports a person opens in a spreadsheet', () => {
  it('xlsx: one sheet by level and code, one by authority, parsing back to the same figures', async () => {
    const file = await reports.export(reader, { treasuryId: 'SZ', period: 'day', date: day1 }, 'xlsx');
    expect(file.fileName).toBe(`revenue-SZ-${day1}-day.xlsx`);
    expect(file.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.content as never);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([SHEET_BY_CODE, SHEET_BY_AUTHORITY]);

    const byCode = workbook.getWorksheet(SHEET_BY_CODE)!;
    expect(byCode.getCell('A1').value).toBe(`国家金库深圳市分库（SZ）预算收入日报 ${day1} · ${NOT_FINAL_LABEL}`);
    expect(byCode.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(byCode.getRow(2).values).toEqual([undefined, '级次', '科目代码', '科目名称', '金额（元）']);
    expect([1, 2, 3, 4].map((n) => byCode.getColumn(n).width)).toEqual([10, 12, 36, 22]);
    const lines: string[] = [];
    byCode.eachRow((row, number) => {
      if (number <= 2 || !row.getCell(2).value) return;
      const [code, amount] = [row.getCell(2), row.getCell(4)];
      expect(typeof code.value).toBe('string'); // text: every digit kept
      expect(code.numFmt).toBe('@');
      expect(typeof amount.value).toBe('number');
      expect(amount.numFmt).toBe('#,##0.00');
      lines.push(`${String(row.getCell(1).value)} ${String(code.value)} ${String(row.getCell(3).value ?? '')} ${(amount.value as number).toFixed(2)}`);
    });
    expect(lines).toEqual(day1Report.lines.map((l) => `${LEVEL_LABELS[l.level]} ${l.revenueCode} ${l.codeName} ${l.amount}`));
    const last = byCode.getRow(byCode.rowCount);
    expect([last.getCell(1).value, last.getCell(4).value]).toEqual(['合计', Number(day1Report.total)]);
    // Each level's total row follows its lines.
    const levelRows = byCode.getRows(3, byCode.rowCount - 2)!.filter((row) => String(row.getCell(3).value ?? '').endsWith('合计'));
    expect(levelRows.map((row) => `${String(row.getCell(3).value)} ${(row.getCell(4).value as number).toFixed(2)}`)).toEqual(
      ['central', 'provincial', 'municipal', 'district'].map((level) => `${LEVEL_LABELS[level as 'central']}合计 ${levelTotal(day1Report, level)}`),
    );

    const byAuthority = workbook.getWorksheet(SHEET_BY_AUTHORITY)!;
    expect(byAuthority.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const authorities: string[] = [];
    byAuthority.eachRow((row, number) => {
      const level = String(row.getCell(2).value ?? '');
      if (number <= 2 || level === '小计' || !level) return;
      authorities.push(`${String(row.getCell(1).value)} ${level} ${(row.getCell(3).value as number).toFixed(2)}`);
    });
    expect(authorities).toEqual(day1Report.authorities.map((a) => `${a.authorityCode} ${LEVEL_LABELS[a.level]} ${a.amount}`));
    expect(byAuthority.getRow(byAuthority.rowCount).getCell(3).value).toBe(Number(day1Report.total));
  });

  it('CSV: UTF-8 with a byte-order mark, one table with a section column, RFC 4180 quoting', async () => {
    const file = await reports.export(reader, { treasuryId: 'SZ', period: 'day', date: day1 }, 'csv');
    expect(file.fileName).toBe(`revenue-SZ-${day1}-day.csv`);
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect([...file.content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = file.content.toString('utf8').slice(1);
    // The name holding a comma and a quote is quoted, its quote doubled; the formula-like authority is inert.
    expect(text).toContain(',"其他行政事业性收费收入,含""工本费""",');
    expect(text).toContain(`,'${FORMULA_LIKE},`);
    const [header, ...records] = parseCsv(text);
    expect(header).toEqual(['栏目', '国库', '起日', '止日', '状态', '级次', '科目代码', '科目名称', '征收机关代码', '金额']);
    expect(new Set(records.map((r) => r.length))).toEqual(new Set([10]));
    expect(new Set(records.map((r) => r.slice(1, 5).join('|')))).toEqual(new Set([`国家金库深圳市分库（SZ）|${day1}|${day1}|未定稿`]));
    expect(records.filter((r) => r[0] === '级次科目').map((r) => `${r[5]} ${r[6]} ${r[7]} ${r[9]}`)).toEqual(
      day1Report.lines.map((l) => `${LEVEL_LABELS[l.level]} ${l.revenueCode} ${l.codeName} ${l.amount}`),
    );
    expect(records.filter((r) => r[0] === '征收机关').map((r) => `${r[8]!.replace(/^'/, '')} ${r[5]} ${r[9]}`)).toEqual(
      day1Report.authorities.map((a) => `${a.authorityCode} ${LEVEL_LABELS[a.level]} ${a.amount}`),
    );
    expect(records.filter((r) => r[0] === '合计').map((r) => r[9])).toEqual([day1Report.total]);
  });
});

describe('frozen once the day closes (R22, R57)', () => {
  it('is not final while the day is open, final once closed, and a receipt after the close lands on the next day', async () => {
    expect((await ask('SZ', 'day', day1)).frozen).toBe(false);
    await revenue.remit(supervisor, 'SZ');
    const closed = await ledger.closeBusinessDay(supervisor, 'SZ', day1);
    expect(closed.opened.date).toBe(day2);

    const frozen = await ask('SZ', 'day', day1);
    expect(frozen).toEqual({ ...day1Report, frozen: true });
    // Collected on the closed day, taken in after it closed: booked on the open day, the frozen one untouched.
    const [late] = await submit('SZ', [receipt({ revenueCode: '10109', amount: '20.00', collectionDate: day1 })]);
    expect(late!.businessDate).toBe(day2);
    expect(await ask('SZ', 'day', day1)).toEqual(frozen);
    const next = await ask('SZ', 'day', day2);
    expect(next).toMatchObject({ frozen: false, total: '20.00' });
    expect(shown(next)).toEqual(['municipal 101 10.00', 'municipal 10109 10.00', 'district 101 10.00', 'district 10109 10.00']);

    const file = await reports.export(reader, { treasuryId: 'SZ', period: 'day', date: day1 }, 'xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.content as never);
    expect(String(workbook.getWorksheet(SHEET_BY_CODE)!.getCell('A1').value)).toContain(FROZEN_LABEL);
  });
});

describe('day, month and year', () => {
  it('a month holds its days, a year its months; a month is final once closed, a year once its last day is', async () => {
    await revenue.remit(supervisor, 'SZ');
    expect((await ledger.closeBusinessDay(supervisor, 'SZ', day2)).opened.date).toBe(day3);
    const [december] = await submit('SZ', [receipt({ revenueCode: '10106', designation: 'central', amount: '300.00', collectionDate: day3 })]);
    expect(december!.businessDate).toBe(day3);

    // Every day of November is closed; the month's report is final once the month is (月结).
    expect(await ask('SZ', 'month', '2026-11-15')).toMatchObject({ frozen: false });
    await ledger.closeMonth(supervisor, 'SZ', '2026-11');
    const november = await ask('SZ', 'month', '2026-11-15');
    expect(november).toMatchObject({ period: 'month', firstDay: '2026-11-01', lastDay: '2026-11-30', frozen: true, total: '1524.92' });
    const dec = await ask('SZ', 'month', '2026-12-31');
    expect(dec).toMatchObject({ firstDay: '2026-12-01', lastDay: '2026-12-31', frozen: false, total: '300.00' });
    expect(shown(dec)).toEqual(['central 101 300.00', 'central 10106 300.00']);
    const year = await ask('SZ', 'year', day1);
    expect(year).toMatchObject({ period: 'year', firstDay: '2026-01-01', lastDay: '2026-12-31', frozen: false, total: '1824.92' });
    expect(await ask('SZ', 'day', day2)).toMatchObject({ frozen: true, total: '20.00' });

    // The month is its days, line by line; the year is its months.
    const sum = (...views: RevenueReportView[]) => {
      const lines = new Map<string, Amount[]>();
      for (const view of views) for (const l of view.lines) lines.set(`${l.level} ${l.revenueCode}`, [...(lines.get(`${l.level} ${l.revenueCode}`) ?? []), parseAmount(l.amount)]);
      return Object.fromEntries([...lines].map(([key, amounts]) => [key, yuan(amounts)]));
    };
    const asMap = (view: RevenueReportView) => Object.fromEntries(view.lines.map((l) => [`${l.level} ${l.revenueCode}`, l.amount]));
    expect(asMap(november)).toEqual(sum(await ask('SZ', 'day', day1), await ask('SZ', 'day', day2)));
    expect(asMap(year)).toEqual(sum(november, dec));

    // Before the books began, nothing, and final; a month not reached yet, nothing, and not final.
    expect(await ask('SZ', 'year', '2025-06-30')).toMatchObject({ firstDay: '2025-01-01', lastDay: '2025-12-31', frozen: true, lines: [], authorities: [], total: '0.00' });
    expect(await ask('SZ', 'month', '2028-02-10')).toMatchObject({ firstDay: '2028-02-01', lastDay: '2028-02-29', frozen: false, total: '0.00' });
    expect((await reports.export(reader, { treasuryId: 'SZ', period: 'month', date: '2026-11-15' }, 'csv')).fileName).toBe('revenue-SZ-2026-11-month.csv');
    expect((await reports.export(reader, { treasuryId: 'SZ', period: 'year', date: day1 }, 'xlsx')).fileName).toBe('revenue-SZ-2026-year.xlsx');
  });
});

describe('property: the report is the receipts', () => {
  const codes = ['1010101', '10104', '10106', '10109', '10304', COMMA_CODE.code];
  const levels = ['shared', 'central', 'provincial', 'municipal', 'district'];
  const arbitraryReceipt = fc.record({
    revenueCode: fc.constantFrom(...codes),
    designation: fc.constantFrom(...levels),
    region: fc.constantFrom('440304', '440307'),
    authorityCode: fc.constantFrom(TAX, NON_TAX),
    fen: fc.bigInt({ min: 1n, max: 99_999_999_999_999n }),
  });

  it('for any receipts taken in, the open day’s total and each level’s grow by exactly their amounts and parts', async () => {
    const day = (await ledger.days.current('SZ')).date;
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryReceipt, { minLength: 1, maxLength: 12 }), async (drawn) => {
        const before = await ask('SZ', 'day', day);
        const inputs = drawn.map(({ fen, ...rest }) => receipt({ ...rest, collectionDate: day, amount: `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}` }));
        const outcomes = await submit('SZ', inputs);
        const after = await ask('SZ', 'day', day);
        expect(parseAmount(after.total).minus(parseAmount(before.total)).toFixed(2)).toBe(yuan(inputs.map((i) => parseAmount(i.amount))));
        for (const level of ['central', 'provincial', 'municipal', 'district']) {
          const parts = outcomes.flatMap((o) => o.parts.filter((p) => p.level === level).map((p) => parseAmount(p.amount)));
          expect(parseAmount(levelTotal(after, level)).minus(parseAmount(levelTotal(before, level))).toFixed(2), level).toBe(yuan(parts));
        }
        expect(yuan(after.authorities.map((a) => parseAmount(a.amount)))).toBe(after.total);
      }),
      { numRuns: 25 },
    );
  });
});
