import type { ApprovalRequest } from '@jinku/approvals';
import type { Disbursement, DisbursementReports, PaymentView } from '@jinku/disbursement';
import { unary, type GrpcService, type UnaryOptions } from '@jinku/grpc-kit';
import { checkText, invalidArgument, parseBusinessDate } from '@jinku/kernel';
import { disbursementV1 } from '@jinku/proto';

function toWire(payment: PaymentView): disbursementV1.Payment {
  const { id, recordedAt, lines, instruction, ...rest } = payment;
  return {
    ...rest,
    paymentId: id,
    lines: lines.map((line) => ({ ...line })),
    recordTime: recordedAt.toISOString(),
    channel: instruction?.channel ?? '',
    instructionStatus: instruction?.status ?? '',
    instructionDetail: instruction?.detail ?? '',
  };
}

const summaryOf = (request: ApprovalRequest): disbursementV1.PaymentRequestSummary => ({
  requestId: request.id,
  kind: request.kind,
  amount: request.amount ?? '',
  status: request.status,
  nextStep: request.nextStep ?? '',
  enterTime: request.createdAt.toISOString(),
});

const treasuryOf = (request: { treasuryId: string }) => checkText(request.treasuryId, 'treasury_id', 16);
const formatOf = (format: string): 'xlsx' | 'csv' => {
  if (format !== 'xlsx' && format !== 'csv') throw invalidArgument('MALFORMED_REPORT_FORMAT', 'format is "xlsx" or "csv"', { field: 'format' });
  return format;
};
const optionalDate = (text: string, field: string) => (text ? parseBusinessDate(text, field) : undefined);

/** DisbursementService: translation between disbursement.v1 and the disbursement lib, which authorizes every call. Payments are made through approvals. */
export function disbursementGrpcService(disbursement: Disbursement, reports: DisbursementReports, options: UnaryOptions): GrpcService {
  const implementation: disbursementV1.DisbursementServiceServer = {
    submitPlan: unary('SubmitPlan', options, async (request: disbursementV1.SubmitPlanRequest, { actor }) => disbursement.submitPlan(actor, request)),
    issueQuotas: unary('IssueQuotas', options, async (request: disbursementV1.IssueQuotasRequest, { actor }) => disbursement.issueQuotas(actor, request)),
    getPayment: unary('GetPayment', options, async (request: disbursementV1.GetPaymentRequest, { actor }) => toWire(await disbursement.getPayment(actor, request.paymentId))),
    listPayments: unary('ListPayments', options, async (request: disbursementV1.ListPaymentsRequest, { actor }) => ({
      payments: (await disbursement.paymentsOfDay(actor, treasuryOf(request), parseBusinessDate(request.businessDate, 'business_date'))).map(toWire),
    })),
    listOverduePayments: unary('ListOverduePayments', options, async (request: disbursementV1.ListOverduePaymentsRequest, { actor }) => ({
      payments: (await disbursement.overdue(actor, treasuryOf(request))).map((item) => ({ request: summaryOf(item.request), receivedOn: item.receivedOn, deadline: item.deadline })),
    })),
    listHeldPayments: unary('ListHeldPayments', options, async (request: disbursementV1.ListHeldPaymentsRequest, { actor }) => ({
      payments: (await disbursement.heldPayments(actor, treasuryOf(request), optionalDate(request.from, 'from'), optionalDate(request.to, 'to'))).map(({ request: held, hits }) => {
        const decision = held.steps.find((step) => step.step === 'supervisor_approval') ?? (held.status === 'rejected' ? held.steps.at(-1) : undefined);
        return { request: summaryOf(held), hits: hits.map((hit) => ({ ...hit })), decision: decision?.decision ?? '', decisionComment: decision?.comment ?? '' };
      }),
    })),
    getExpenditureReport: unary('GetExpenditureReport', options, async (request: disbursementV1.GetExpenditureReportRequest, { actor }) => {
      const report = await reports.expenditure(actor, treasuryOf(request), request.period, request.date);
      return { ...report, byFunction: [...report.byFunction], byEconomic: [...report.byEconomic], byBureau: [...report.byBureau] };
    }),
    exportExpenditureReport: unary('ExportExpenditureReport', options, async (request: disbursementV1.ExportExpenditureReportRequest, { actor }) => {
      const report = request.report ?? { treasuryId: '', period: '', date: '' };
      return reports.exportExpenditure(actor, treasuryOf(report), report.period, report.date, formatOf(request.format));
    }),
    getTreasuryStockReport: unary('GetTreasuryStockReport', options, async (request: disbursementV1.GetTreasuryStockReportRequest, { actor }) => {
      const report = await reports.stock(actor, treasuryOf(request), request.date);
      return { ...report, lines: [...report.lines], totals: { accountNumber: '', subjectCode: '', ...report.totals } };
    }),
    exportTreasuryStockReport: unary('ExportTreasuryStockReport', options, async (request: disbursementV1.ExportTreasuryStockReportRequest, { actor }) => {
      const report = request.report ?? { treasuryId: '', date: '' };
      return reports.exportStock(actor, treasuryOf(report), report.date, formatOf(request.format));
    }),
    listMonitoringRules: unary('ListMonitoringRules', options, async (_request: disbursementV1.ListMonitoringRulesRequest, { actor }) => ({
      rules: (await disbursement.monitoringRules(actor)).map((rule) => ({ ...rule })),
    })),
  };
  return { name: 'jinku.disbursement.v1.DisbursementService', definition: disbursementV1.DisbursementServiceService, implementation };
}
