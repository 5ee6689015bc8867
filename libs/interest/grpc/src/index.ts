import { unary, type GrpcService, type UnaryOptions } from '@jinku/grpc-kit';
import type { Interest } from '@jinku/interest';
import { assertWorksFor, parseBusinessDate } from '@jinku/kernel';
import { interestV1 } from '@jinku/proto';

/** InterestService: translation between interest.v1 and the interest lib. */
export function interestGrpcService(interest: Interest, options: UnaryOptions): GrpcService {
  const implementation: interestV1.InterestServiceServer = {
    previewInterest: unary('PreviewInterest', options, async (request: interestV1.PreviewInterestRequest, { actor }) => {
      assertWorksFor(actor, request.treasuryId);
      const preview = await interest.preview(request.treasuryId, parseBusinessDate(request.settlementDay, 'settlement_day'));
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
    runInterest: unary('RunInterest', options, async (request: interestV1.RunInterestRequest, { actor, log }) => {
      interest.assertMayRunByHand(actor, request.treasuryId);
      const outcome = await interest.run(request.treasuryId, parseBusinessDate(request.settlementDay, 'settlement_day'));
      log.info({ treasury: request.treasuryId, settlementDay: request.settlementDay, ...outcome }, 'interest run by hand');
      return outcome;
    }),
  };
  return { name: 'jinku.interest.v1.InterestService', definition: interestV1.InterestServiceService, implementation };
}
