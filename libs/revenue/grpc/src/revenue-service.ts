import { boundedRefusal, unary, type GrpcService, type UnaryOptions } from '@jinku/grpc-kit';
import { checkText, DomainError } from '@jinku/kernel';
import type { Revenue, RevenueReports } from '@jinku/revenue';
import { revenueV1 } from '@jinku/proto';
import { reportRpcs } from './reports';

/** One receipt's refusal within a call, saying which: `receipts[i]: …` and metadata `index`. */
const atIndex = (error: DomainError, index: number) =>
  new DomainError(error.kind, error.reason, `receipts[${index}]: ${error.message}`, { index: String(index), ...error.details });

/** RevenueService: translation between revenue.v1 and the revenue lib, which authorizes every call. */
export function revenueGrpcService(revenue: Revenue, reports: RevenueReports, options: UnaryOptions): GrpcService {
  const implementation: revenueV1.RevenueServiceServer = {
    ...reportRpcs(reports, options),
    submitReceipts: unary(
      'SubmitReceipts',
      options,
      async (request: revenueV1.SubmitReceiptsRequest, { actor, recordRefusal }) => {
        const outcomes = await revenue.submitReceipts(actor, request.receipts);
        const results: revenueV1.SubmitReceiptsResponse_Result[] = [];
        for (const [index, outcome] of outcomes.entries()) {
          if (outcome.ok) {
            const { voucherId, businessDate, parts, replayed } = outcome;
            results.push({ outcome: { $case: 'accepted', value: { voucherId, businessDate, parts: [...parts], replayed } } });
          } else {
            const refusal = atIndex(outcome.error, index);
            await recordRefusal(refusal);
            results.push({ outcome: { $case: 'refused', value: boundedRefusal(refusal) } });
          }
        }
        return { results };
      },
      {
        audited: true,
        mutation: (response) => ({
          receipts: response.results.length,
          refused: response.results.filter((r) => r.outcome?.$case === 'refused').length,
        }),
      },
    ),
    getReceipt: unary('GetReceipt', options, async (request: revenueV1.GetReceiptRequest, { actor }) => {
      const record = await revenue.getReceipt(actor, checkText(request.authorityCode, 'authority_code', 20), checkText(request.messageId, 'message_id', 64));
      return {
        treasuryId: record.treasuryId,
        receipt: record.receipt,
        voucherId: record.voucherId,
        businessDate: record.businessDate,
        parts: [...record.parts],
        sharingRuleId: record.sharingRuleId ?? '',
        principalId: record.principalId,
        recordTime: record.recordedAt.toISOString(),
      };
    }),
    remitRevenue: unary(
      'RemitRevenue',
      options,
      async (request: revenueV1.RemitRevenueRequest, { actor }) => ({
        remittances: (await revenue.remit(actor, checkText(request.treasuryId, 'treasury_id', 16))).map((r) => ({
          remittanceId: r.id,
          fromTreasuryId: r.fromTreasuryId,
          toTreasuryId: r.toTreasuryId,
          level: r.level,
          amount: r.amount,
          businessDate: r.businessDate,
          fromVoucherId: r.fromVoucherId,
          toVoucherId: r.toVoucherId,
          receipts: r.receipts,
        })),
      }),
      { audited: true, mutation: (response, request) => ({ treasuryId: request.treasuryId, remittances: response.remittances.length }) },
    ),
    listSharingRules: unary('ListSharingRules', options, async (_request: revenueV1.ListSharingRulesRequest, { actor }) => ({
      rules: (await revenue.listSharingRules(actor)).map((rule) => ({
        ruleId: rule.id,
        jurisdictionId: rule.jurisdictionId,
        revenueCode: rule.revenueCode,
        region: rule.region ?? '',
        effectiveFrom: rule.effectiveFrom,
        shares: rule.shares.map((share) => ({ level: share.level, percent: share.percent.toString() })),
        approvalRequestId: rule.approvalRequestId,
        recordTime: rule.recordedAt.toISOString(),
      })),
    })),
  };
  return { name: 'jinku.revenue.v1.RevenueService', definition: revenueV1.RevenueServiceService, implementation };
}
