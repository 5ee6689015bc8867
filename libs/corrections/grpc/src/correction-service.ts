import type { CorrectionRecord, Corrections } from '@jinku/corrections';
import { unary, type GrpcService, type UnaryOptions } from '@jinku/grpc-kit';
import { checkText, parseBusinessDate } from '@jinku/kernel';
import { correctionsV1 } from '@jinku/proto';

function toWire(correction: CorrectionRecord): correctionsV1.Correction {
  return {
    correctionId: correction.id,
    treasuryId: correction.treasuryId,
    businessDate: correction.businessDate,
    kind: correction.kind,
    origin: correction.origin,
    authorityCode: correction.authorityCode,
    authorityKind: correction.authorityKind,
    noticeNumber: correction.noticeNumber,
    noticeDate: correction.noticeDate,
    reason: correction.reason,
    documents: correction.documents.map((document) => ({ ...document })),
    total: correction.total,
    items: correction.items.map(({ receipt, red, blue, ...item }) => ({
      ...item,
      receiptAuthorityCode: receipt.authorityCode,
      receiptMessageId: receipt.messageId,
      red: red.map((part) => ({ ...part })),
      blue: blue.map((part) => ({ ...part })),
    })),
    approvalRequestId: correction.approvalRequestId,
    recordTime: correction.recordedAt.toISOString(),
  };
}

/** CorrectionService: translation between corrections.v1 and the corrections lib, which authorizes every call. Corrections are made through approvals. */
export function correctionGrpcService(corrections: Corrections, options: UnaryOptions): GrpcService {
  const implementation: correctionsV1.CorrectionServiceServer = {
    getCorrection: unary('GetCorrection', options, async (request: correctionsV1.GetCorrectionRequest, { actor }) => toWire(await corrections.get(actor, request.correctionId))),
    listCorrections: unary('ListCorrections', options, async (request: correctionsV1.ListCorrectionsRequest, { actor }) => ({
      corrections: (await corrections.ofDay(actor, checkText(request.treasuryId, 'treasury_id', 16), parseBusinessDate(request.businessDate, 'business_date'))).map(toWire),
    })),
  };
  return { name: 'jinku.corrections.v1.CorrectionService', definition: correctionsV1.CorrectionServiceService, implementation };
}
