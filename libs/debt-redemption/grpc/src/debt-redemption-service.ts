import type { ClaimRecord, DebtRedemption } from '@jinku/debt-redemption';
import { unary, type GrpcService, type UnaryOptions } from '@jinku/grpc-kit';
import { checkText, invalidArgument } from '@jinku/kernel';
import { debtRedemptionV1 } from '@jinku/proto';

function claimToWire(claim: ClaimRecord): debtRedemptionV1.Claim {
  return {
    claimId: claim.id,
    treasuryId: claim.treasuryId,
    claimNumber: claim.claimNumber,
    claimDate: claim.claimDate,
    instruments: claim.instruments,
    faceTotal: claim.faceTotal,
    interestTotal: claim.interestTotal,
    voucherId: claim.voucherId,
    businessDate: claim.businessDate,
    recordTime: claim.recordedAt.toISOString(),
  };
}

/** DebtRedemptionService: translation between debt_redemption.v1 and the debt-redemption lib, which authorizes every call. */
export function debtRedemptionGrpcService(redemption: DebtRedemption, options: UnaryOptions): GrpcService {
  const implementation: debtRedemptionV1.DebtRedemptionServiceServer = {
    submitClaim: unary('SubmitClaim', options, async (request: debtRedemptionV1.SubmitClaimRequest, { actor }) => {
      const outcome = await redemption.submitClaim(actor, request);
      return outcome.accepted
        ? { accepted: true, claim: claimToWire(outcome.claim), replayed: outcome.replayed, failures: [] }
        : { accepted: false, claim: undefined, replayed: false, failures: outcome.failures.map((failure) => ({ ...failure })) };
    }),
    getClaim: unary('GetClaim', options, async (request: debtRedemptionV1.GetClaimRequest, { actor }) => claimToWire(await redemption.getClaim(actor, request.claimId))),
    listBondIssues: unary('ListBondIssues', options, async (_request: debtRedemptionV1.ListBondIssuesRequest, { actor }) => ({
      issues: (await redemption.issues(actor)).map(({ ranges: _ranges, couponRate, ...issue }) => ({ ...issue, couponRate: couponRate.toString() })),
    })),
    getRedemptionReport: unary('GetRedemptionReport', options, async (request: debtRedemptionV1.GetRedemptionReportRequest, { actor }) => {
      if (request.period !== 'day' && request.period !== 'year') throw invalidArgument('MALFORMED_REPORT_PERIOD', 'period is "day" or "year"', { field: 'period' });
      const report = await redemption.report(actor, checkText(request.treasuryId, 'treasury_id', 16), request.period, request.date);
      return { firstDay: report.from, lastDay: report.to, lines: report.lines.map((line) => ({ ...line })) };
    }),
    getCustodyCheck: unary('GetCustodyCheck', options, async (request: debtRedemptionV1.GetCustodyCheckRequest, { actor }) => ({
      lines: await redemption.custodyCheck(actor, checkText(request.treasuryId, 'treasury_id', 16)),
    })),
  };
  return { name: 'jinku.debt_redemption.v1.DebtRedemptionService', definition: debtRedemptionV1.DebtRedemptionServiceService, implementation };
}
