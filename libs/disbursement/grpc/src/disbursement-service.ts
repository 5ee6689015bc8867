import type { Disbursement, PaymentRecord } from '@jinku/disbursement';
import { unary, type GrpcService, type UnaryOptions } from '@jinku/grpc-kit';
import { checkText, parseBusinessDate } from '@jinku/kernel';
import { disbursementV1 } from '@jinku/proto';

function toWire(payment: PaymentRecord): disbursementV1.Payment {
  const { id, recordedAt, lines, ...rest } = payment;
  return { ...rest, paymentId: id, lines: lines.map((line) => ({ ...line })), recordTime: recordedAt.toISOString() };
}

/** DisbursementService: translation between disbursement.v1 and the disbursement lib, which authorizes every call. Payments are made through approvals. */
export function disbursementGrpcService(disbursement: Disbursement, options: UnaryOptions): GrpcService {
  const implementation: disbursementV1.DisbursementServiceServer = {
    submitPlan: unary('SubmitPlan', options, async (request: disbursementV1.SubmitPlanRequest, { actor }) => disbursement.submitPlan(actor, request)),
    issueQuotas: unary('IssueQuotas', options, async (request: disbursementV1.IssueQuotasRequest, { actor }) => disbursement.issueQuotas(actor, request)),
    getPayment: unary('GetPayment', options, async (request: disbursementV1.GetPaymentRequest, { actor }) => toWire(await disbursement.getPayment(actor, request.paymentId))),
    listPayments: unary('ListPayments', options, async (request: disbursementV1.ListPaymentsRequest, { actor }) => ({
      payments: (await disbursement.paymentsOfDay(actor, checkText(request.treasuryId, 'treasury_id', 16), parseBusinessDate(request.businessDate, 'business_date'))).map(toWire),
    })),
  };
  return { name: 'jinku.disbursement.v1.DisbursementService', definition: disbursementV1.DisbursementServiceService, implementation };
}
