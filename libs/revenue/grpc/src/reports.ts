import { unary, type UnaryOptions } from '@jinku/grpc-kit';
import { checkText, invalidArgument } from '@jinku/kernel';
import type { ReportFormat, ReportPeriod, RevenueReportRequest, RevenueReports, RevenueReportView } from '@jinku/revenue';
import { revenueV1 } from '@jinku/proto';

const PERIOD_FROM_WIRE: ReadonlyMap<revenueV1.ReportPeriod, ReportPeriod> = new Map([
  [revenueV1.ReportPeriod.REPORT_PERIOD_DAY, 'day'],
  [revenueV1.ReportPeriod.REPORT_PERIOD_MONTH, 'month'],
  [revenueV1.ReportPeriod.REPORT_PERIOD_YEAR, 'year'],
]);
const PERIOD_TO_WIRE: Readonly<Record<ReportPeriod, revenueV1.ReportPeriod>> = {
  day: revenueV1.ReportPeriod.REPORT_PERIOD_DAY,
  month: revenueV1.ReportPeriod.REPORT_PERIOD_MONTH,
  year: revenueV1.ReportPeriod.REPORT_PERIOD_YEAR,
};
const FORMAT_FROM_WIRE: ReadonlyMap<revenueV1.ReportFormat, ReportFormat> = new Map([
  [revenueV1.ReportFormat.REPORT_FORMAT_XLSX, 'xlsx'],
  [revenueV1.ReportFormat.REPORT_FORMAT_CSV, 'csv'],
]);

function periodFromWire(period: revenueV1.ReportPeriod): ReportPeriod {
  if (period === revenueV1.ReportPeriod.REPORT_PERIOD_UNSPECIFIED) {
    throw invalidArgument('MISSING_REPORT_PERIOD', 'period must be REPORT_PERIOD_DAY, REPORT_PERIOD_MONTH or REPORT_PERIOD_YEAR', { field: 'period' });
  }
  const known = PERIOD_FROM_WIRE.get(period);
  if (!known) throw invalidArgument('MALFORMED_REPORT_PERIOD', `period ${String(period)} is not a report period`, { field: 'period' });
  return known;
}

function formatFromWire(format: revenueV1.ReportFormat): ReportFormat {
  if (format === revenueV1.ReportFormat.REPORT_FORMAT_UNSPECIFIED) {
    throw invalidArgument('MISSING_REPORT_FORMAT', 'format must be REPORT_FORMAT_XLSX or REPORT_FORMAT_CSV', { field: 'format' });
  }
  const known = FORMAT_FROM_WIRE.get(format);
  if (!known) throw invalidArgument('MALFORMED_REPORT_FORMAT', `format ${String(format)} is not a report format`, { field: 'format' });
  return known;
}

function requestFromWire(request: revenueV1.GetRevenueReportRequest | undefined): RevenueReportRequest {
  if (!request) throw invalidArgument('MISSING_FIELD', 'report is required', { field: 'report' });
  return {
    treasuryId: checkText(request.treasuryId, 'treasury_id', 16),
    period: periodFromWire(request.period),
    // The lib parses the date (MALFORMED_DATE); the bound only keeps a huge value out of it.
    date: checkText(request.date, 'date', 10),
  };
}

const reportToWire = (view: RevenueReportView): revenueV1.RevenueReport => ({
  treasuryId: view.treasuryId,
  period: PERIOD_TO_WIRE[view.period],
  firstDay: view.firstDay,
  lastDay: view.lastDay,
  frozen: view.frozen,
  lines: view.lines.map((line) => ({ level: line.level, revenueCode: line.revenueCode, codeName: line.codeName, amount: line.amount })),
  authorities: view.authorities.map((a) => ({ authorityCode: a.authorityCode, level: a.level, amount: a.amount })),
  total: view.total,
});

/**
 * GetRevenueReport and ExportRevenueReport: translation between revenue.v1 and the reports of the revenue
 * lib, which authorizes every call (revenue.read on the report's treasury). Spread into the RevenueService.
 */
export function reportRpcs(reports: RevenueReports, options: UnaryOptions): Pick<revenueV1.RevenueServiceServer, 'getRevenueReport' | 'exportRevenueReport'> {
  return {
    getRevenueReport: unary('GetRevenueReport', options, async (request: revenueV1.GetRevenueReportRequest, { actor }) =>
      reportToWire(await reports.report(actor, requestFromWire(request))),
    ),
    exportRevenueReport: unary('ExportRevenueReport', options, async (request: revenueV1.ExportRevenueReportRequest, { actor }) => {
      const report = requestFromWire(request.report);
      const file = await reports.export(actor, report, formatFromWire(request.format));
      return { fileName: file.fileName, contentType: file.contentType, content: file.content };
    }),
  };
}
