import { unary, type GrpcService, type UnaryOptions } from '@jinku/grpc-kit';
import { checkText, parseBusinessDate } from '@jinku/kernel';
import { refundsV1 } from '@jinku/proto';
import type { RefundRecord, Refunds } from '@jinku/refunds';

function toWire(refund: RefundRecord): refundsV1.Refund {
  return {
    refundId: refund.id,
    treasuryId: refund.treasuryId,
    businessDate: refund.businessDate,
    receipt: refund.receipt ?? undefined,
    exportPlanReference: refund.exportPlanReference ?? '',
    approvingAuthorityCode: refund.authorityCode,
    approvingAuthorityKind: refund.authorityKind,
    approvalDocument: refund.approvalDocument,
    approvalDate: refund.approvalDate,
    refundVoucherNumber: refund.refundVoucherNumber,
    applicationReference: refund.applicationReference,
    payeeName: refund.payeeName,
    payeeAccount: refund.payeeAccount,
    bankCode: refund.bankCode,
    amount: refund.amount,
    reason: refund.reason,
    parts: refund.parts.map((part) => ({ ...part })),
    voucherId: refund.voucherId,
    approvalRequestId: refund.approvalRequestId,
    recordTime: refund.recordedAt.toISOString(),
  };
}

/** RefundService: translation between refunds.v1 and the refunds lib, which authorizes every call. Refunds are made through approvals. */
export function refundGrpcService(refunds: Refunds, options: UnaryOptions): GrpcService {
  const implementation: refundsV1.RefundServiceServer = {
    getRefund: unary('GetRefund', options, async (request: refundsV1.GetRefundRequest, { actor }) => toWire(await refunds.get(actor, request.refundId))),
    listRefunds: unary('ListRefunds', options, async (request: refundsV1.ListRefundsRequest, { actor }) => ({
      refunds: (await refunds.ofDay(actor, checkText(request.treasuryId, 'treasury_id', 16), parseBusinessDate(request.businessDate, 'business_date'))).map(toWire),
    })),
    listRefundAuthorities: unary('ListRefundAuthorities', options, async (_request: refundsV1.ListRefundAuthoritiesRequest, { actor }) => ({
      authorities: (await refunds.authorities(actor)).map((cell) => ({
        authorityKind: cell.authority,
        authorityName: cell.name,
        unitKind: cell.unitKind,
        revenueLevel: cell.revenueLevel,
        treasuryKind: cell.treasury,
        ownCollectionsOnly: cell.ownCollectionsOnly,
        exportPlans: cell.exportPlans,
        articles: cell.articles,
      })),
    })),
  };
  return { name: 'jinku.refunds.v1.RefundService', definition: refundsV1.RefundServiceService, implementation };
}
