export { createRevenue, MAX_RECEIPTS_PER_CALL, type Revenue } from './revenue';
export type { RegionDefinition } from './routing';
export type { ReceiptInput, ReceiptOutcome, ReceiptPart } from './intake';
export { sharingRuleChangeAction, type RecordedSharingRule } from './sharing-rules';
export { revenueMigrations } from './migrations';
export type { ReceiptRecord } from './receipt-records';
export type { RemittanceView } from './remittance';
export { lockReceipt, recordAdjustment, standingOf, type ReceiptKey, type RevenueAdjustment, type StandingPart } from './adjustments';
export { createRevenueReports, REPORT_FORMATS, REPORT_PERIODS, type RevenueReports, type RevenueReportView, type RevenueReportLine, type AuthorityTotal, type RevenueReportRequest, type RevenueReportFile, type ReportPeriod, type ReportFormat } from './reports';
