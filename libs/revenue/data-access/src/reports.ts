import type { Database } from '@jinku/db';
import { authorize, formatAmount, invalidArgument, parseBusinessDate, sumAmounts, type Actor, type Amount, type BusinessDate } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import { FISCAL_LEVELS, type FiscalLevel } from '@jinku/ledger-domain';
import { rollUp } from '@jinku/revenue-domain';
import { Decimal } from 'decimal.js';
import { csvReport, reportFileName, xlsxReport, type ReportTitle } from './report-files';
import { reportFigures } from './report-queries';

export const REPORT_PERIODS = ['day', 'month', 'year'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];
export const REPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RevenueReportRequest {
  readonly treasuryId: string;
  readonly period: ReportPeriod;
  /** Any date inside the period, `YYYY-MM-DD`. */
  readonly date: string;
}

/** A level's revenue of one code: a code received, or a 3-, 5- or 7-digit prefix of codes received (类/款/项). */
export interface RevenueReportLine {
  readonly level: FiscalLevel;
  readonly revenueCode: string;
  /** The classification's name from the ledger; empty when the ledger has none for the prefix. */
  readonly codeName: string;
  readonly amount: string;
}

/** A level's revenue of one collecting authority (征收机关). */
export interface AuthorityTotal {
  readonly authorityCode: string;
  readonly level: FiscalLevel;
  readonly amount: string;
}

/** Mirrors revenue.v1.RevenueReport. */
export interface RevenueReportView {
  readonly treasuryId: string;
  readonly period: ReportPeriod;
  readonly firstDay: BusinessDate;
  readonly lastDay: BusinessDate;
  /** Every business day of the period is closed in the treasury's books: the figures can no longer change. */
  readonly frozen: boolean;
  /** By level from the top (central, provincial, municipal, district), then by code as a string. */
  readonly lines: readonly RevenueReportLine[];
  /** By authority code, then level from the top. */
  readonly authorities: readonly AuthorityTotal[];
  readonly total: string;
}

export interface RevenueReportFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Buffer;
}

const levelRank = (level: string): number => FISCAL_LEVELS.indexOf(level as FiscalLevel);
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const pad = (n: number): string => String(n).padStart(2, '0');

/** The calendar days a report covers: the date itself, its month or its year. */
export function periodBounds(period: ReportPeriod, date: BusinessDate): { firstDay: BusinessDate; lastDay: BusinessDate } {
  const [year, month] = [date.slice(0, 4), Number(date.slice(5, 7))];
  switch (period) {
    case 'day':
      return { firstDay: date, lastDay: date };
    case 'month': {
      // Day 0 of the next month is the last day of this one.
      const days = new Date(Date.UTC(Number(year), month, 0)).getUTCDate();
      return { firstDay: `${year}-${pad(month)}-01`, lastDay: `${year}-${pad(month)}-${pad(days)}` };
    }
    case 'year':
      return { firstDay: `${year}-01-01`, lastDay: `${year}-12-31` };
  }
}

function checkPeriod(period: string): ReportPeriod {
  if (!(REPORT_PERIODS as readonly string[]).includes(period)) {
    throw invalidArgument('MALFORMED_REPORT_PERIOD', `period is one of ${REPORT_PERIODS.join(', ')}`, { field: 'period' });
  }
  return period as ReportPeriod;
}

function checkFormat(format: string): ReportFormat {
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw invalidArgument('MALFORMED_REPORT_FORMAT', `format is one of ${REPORT_FORMATS.join(', ')}`, { field: 'format' });
  }
  return format as ReportFormat;
}

/**
 * Budget revenue reports (R31, R57): a treasury's receipts of a day, month or year by level and
 * classification code with the 类/款/项 roll-ups, by collecting authority, and in total; readable by the
 * treasury's people and those of the branch above it, and exported as a workbook (xlsx) or CSV.
 */
export function createRevenueReports(database: Database, ledger: Ledger) {
  /** Names of the codes and prefixes on the lines, from the ledger's classification (one call per 类). */
  async function codeNames(codes: readonly string[]): Promise<Map<string, string>> {
    const classes = [...new Set(codes.map((code) => code.slice(0, 3)))];
    const listed = await Promise.all(classes.map((prefix) => ledger.setup.listClassificationCodes(prefix)));
    return new Map(listed.flat().filter((c) => c.kind === 'revenue').map((c) => [c.code, c.name]));
  }

  async function report(actor: Actor, request: RevenueReportRequest): Promise<RevenueReportView> {
    authorize(actor, 'revenue.read', request.treasuryId);
    const period = checkPeriod(request.period);
    const { firstDay, lastDay } = periodBounds(period, parseBusinessDate(request.date, 'date'));
    const { treasuryId } = request;

    // Frozen (`ledger.isFinal`): a day or a year once the treasury's open day lies after it, so every business day
    // of it is closed (days close in order, the next opening as one closes) — or never will be one, the books
    // starting later; a month once it is closed (月结), its checks having held over these figures.
    // Receipts are append-only (a trigger refuses update and delete) and are posted only on the open day:
    // a receipt taken in after a day closed lands on the next day (the close queues postings behind it),
    // so a closed period's figures never change. (The register row follows its voucher in a transaction
    // of its own, dated by the voucher: only a row still being written when the day closed — or completed
    // by a retry after a crash — could join a closed day late; the voucher itself is in that day's books.)
    const frozen = await ledger.isFinal(treasuryId, period, lastDay);

    const rows = await reportFigures(database, treasuryId, firstDay, lastDay);
    const byLevel = new Map<FiscalLevel, { code: string; amount: Amount }[]>();
    for (const row of rows) {
      if (row.section !== 'code') continue;
      const level = row.level as FiscalLevel;
      const lines = byLevel.get(level) ?? [];
      lines.push({ code: row.key!, amount: new Decimal(row.amount) });
      byLevel.set(level, lines);
    }
    const rolled = [...byLevel]
      .sort(([a], [b]) => levelRank(a) - levelRank(b))
      .flatMap(([level, lines]) => rollUp(lines).map((line) => ({ level, ...line })));
    const names = await codeNames(rolled.map((line) => line.code));

    const total = new Decimal(rows.find((row) => row.section === 'total')?.amount ?? '0');
    // Every part lands in exactly one 3-digit class; the parts of each receipt sum to its amount (R31).
    const classes = sumAmounts(rolled.filter((line) => line.code.length === 3).map((line) => line.amount));
    if (!classes.equals(total)) throw new Error(`revenue report of ${treasuryId} ${firstDay}..${lastDay} out of balance: parts ${formatAmount(classes)}, receipts ${formatAmount(total)}`);

    return {
      treasuryId,
      period,
      firstDay,
      lastDay,
      frozen,
      lines: rolled.map((line) => ({ level: line.level, revenueCode: line.code, codeName: names.get(line.code) ?? '', amount: formatAmount(line.amount) })),
      authorities: rows
        .filter((row) => row.section === 'authority')
        .map((row) => ({ authorityCode: row.key!, level: row.level as FiscalLevel, amount: formatAmount(new Decimal(row.amount)) }))
        .sort((a, b) => byText(a.authorityCode, b.authorityCode) || levelRank(a.level) - levelRank(b.level)),
      total: formatAmount(total),
    };
  }

  return {
    report,

    /** The report as a file a person opens in a spreadsheet: an xlsx workbook, or CSV (UTF-8 with BOM). */
    async export(actor: Actor, request: RevenueReportRequest, format: ReportFormat): Promise<RevenueReportFile> {
      const view = await report(actor, request);
      const checked = checkFormat(format);
      const treasury = (await ledger.setup.treasuries()).find((t) => t.id === view.treasuryId);
      const title: ReportTitle = { treasuryName: treasury?.name ?? view.treasuryId, generatedAt: new Date() };
      const fileName = reportFileName(view, checked);
      return checked === 'xlsx'
        ? { fileName, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content: await xlsxReport(view, title) }
        : { fileName, contentType: 'text/csv; charset=utf-8', content: csvReport(view, title) };
    },
  };
}

export type RevenueReports = ReturnType<typeof createRevenueReports>;
