import { unary, type GrpcService, type UnaryOptions } from '@jinku/grpc-kit';
import type { Interest } from '@jinku/interest';
import { parseBusinessDate } from '@jinku/kernel';
import { interestV1 } from '@jinku/proto';

/** InterestService: translation between interest.v1 and the interest lib, which authorizes every call. */
export function interestGrpcService(interest: Interest, options: UnaryOptions): GrpcService {
  const implementation: interestV1.InterestServiceServer = {
    previewInterest: unary('PreviewInterest', options, async (request: interestV1.PreviewInterestRequest, { actor }) => {
      const preview = await interest.preview(actor, request.treasuryId, parseBusinessDate(request.settlementDay, 'settlement_day'));
      return {
        treasuryId: preview.treasuryId,
        settlementDay: preview.settlementDay,
        periodStart: preview.period.from,
        periodEnd: preview.period.to,
        annualRate: preview.rate.annualRate,
        postingDay: preview.postingDay,
        accounts: preview.accounts.map((a) => ({
          accountNumber: a.accountNumber,
          fiscalLevel: a.fiscalLevel ?? '',
          accumulation: a.accumulation.toFixed(2),
          interest: a.interest.toFixed(2),
          creditAccount: a.creditAccount ?? '',
          stopped: a.stopped ?? '',
        })),
      };
    }),
    runInterest: unary(
      'RunInterest',
      options,
      async (request: interestV1.RunInterestRequest, { actor }) => interest.run(actor, request.treasuryId, parseBusinessDate(request.settlementDay, 'settlement_day')),
      { audited: true, mutation: (outcome, request) => ({ treasuryId: request.treasuryId, settlementDay: request.settlementDay, ...outcome }) },
    ),
    listDepositRates: unary('ListDepositRates', options, async (request: interestV1.ListDepositRatesRequest, { actor }) => {
      const rates = await interest.listDepositRates(actor, request.treasuryId);
      return {
        rates: rates.map((rate) => ({
          jurisdictionId: rate.jurisdictionId,
          effectiveFrom: rate.effectiveFrom,
          annualRate: rate.annualRate,
          superseded: rate.superseded,
          approvalRequestId: rate.approvalRequestId,
          recordTime: rate.recordedAt.toISOString(),
        })),
      };
    }),
  };
  return { name: 'jinku.interest.v1.InterestService', definition: interestV1.InterestServiceService, implementation };
}
