import { unary, type GrpcService, type UnaryOptions } from '@jinku/grpc-kit';
import { checkText } from '@jinku/kernel';
import type { SealView, Seals } from '@jinku/seals';
import type { SealStatus, VerificationOutcome } from '@jinku/seals-domain';
import { sealsV1 } from '@jinku/proto';

const { SealStatus: WireStatus, SealVerificationOutcome: WireOutcome } = sealsV1;

const STATUS_TO_WIRE: Record<SealStatus, sealsV1.SealStatus> = {
  registered: WireStatus.SEAL_STATUS_REGISTERED,
  in_use: WireStatus.SEAL_STATUS_IN_USE,
  stopped: WireStatus.SEAL_STATUS_STOPPED,
  sealed_away: WireStatus.SEAL_STATUS_SEALED_AWAY,
  destroyed: WireStatus.SEAL_STATUS_DESTROYED,
};

const OUTCOME_TO_WIRE: Record<VerificationOutcome, sealsV1.SealVerificationOutcome> = {
  valid: WireOutcome.SEAL_VERIFICATION_OUTCOME_VALID,
  content_changed: WireOutcome.SEAL_VERIFICATION_OUTCOME_CONTENT_CHANGED,
  seal_not_in_use_on_that_date: WireOutcome.SEAL_VERIFICATION_OUTCOME_SEAL_NOT_IN_USE_ON_THAT_DATE,
  unknown_seal: WireOutcome.SEAL_VERIFICATION_OUTCOME_UNKNOWN_SEAL,
  signature_invalid: WireOutcome.SEAL_VERIFICATION_OUTCOME_SIGNATURE_INVALID,
};

/** What a document reference may be: the ledger's voucher references and form numbers fit. */
const DOCUMENT_REFERENCE_LIMIT = 64;

const sealToWire = (seal: SealView): sealsV1.Seal => ({
  sealId: seal.id,
  treasuryId: seal.treasuryId,
  kind: seal.kind,
  name: seal.name,
  custodianUserId: seal.custodianUserId,
  imprint: seal.imprint,
  algorithm: seal.algorithm,
  status: STATUS_TO_WIRE[seal.status],
  registeredBy: seal.registeredBy,
  registerTime: seal.registeredAt.toISOString(),
  approvalRequestId: seal.approvalRequestId ?? '',
});

/** SealService: translation between seals.v1 and the seals lib, which authorizes every call. */
export function sealGrpcService(seals: Seals, options: UnaryOptions): GrpcService {
  const lifecycle = (method: string, change: (actor: Parameters<Seals['stop']>[0], sealId: string) => Promise<SealView>) =>
    unary(method, options, async (request: { sealId: string }, { actor }) => sealToWire(await change(actor, request.sealId)), {
      mutation: (seal) => ({ sealId: seal.sealId, status: seal.status }),
    });

  const implementation: sealsV1.SealServiceServer = {
    getSeal: unary('GetSeal', options, async (request: sealsV1.GetSealRequest, { actor }) => sealToWire(await seals.get(actor, request.sealId))),
    listSeals: unary('ListSeals', options, async (_request: sealsV1.ListSealsRequest, { actor }) => ({ seals: (await seals.list(actor)).map(sealToWire) })),
    putSealInUse: lifecycle('PutSealInUse', seals.putInUse),
    stopSeal: lifecycle('StopSeal', seals.stop),
    sealAway: lifecycle('SealAway', seals.sealAway),
    destroySeal: lifecycle('DestroySeal', seals.destroy),
    applySeal: unary(
      'ApplySeal',
      options,
      async (request: sealsV1.ApplySealRequest, { actor }) => {
        const reference = checkText(request.documentReference, 'document_reference', DOCUMENT_REFERENCE_LIMIT);
        // An empty reference is no document at all: the seals domain refuses it as NO_DOCUMENT (R82).
        const document = reference.trim() === '' ? undefined : { reference, content: request.content, idempotencyKey: request.idempotencyKey };
        const applied = await seals.apply(actor, request.sealId, document);
        return { useId: applied.useId, sealId: applied.sealId, signTime: applied.signedAt.toISOString(), signature: applied.signature };
      },
      { mutation: (applied) => ({ sealId: applied.sealId, useId: applied.useId }) },
    ),
    verifySeal: unary('VerifySeal', options, async (request: sealsV1.VerifySealRequest, { actor }) => {
      const { outcome, claimed } = await seals.verify(actor, request.signature, request.content);
      return {
        outcome: OUTCOME_TO_WIRE[outcome],
        sealId: claimed?.sealId ?? '',
        signTime: claimed?.signedAt.toISOString() ?? '',
        documentReference: claimed?.documentReference ?? '',
        signerUserId: claimed?.signerUserId ?? '',
      };
    }),
    exportSealVerifier: unary('ExportSealVerifier', options, async (request: sealsV1.ExportSealVerifierRequest, { actor }) =>
      seals.exportVerifier(actor, request.sealId),
    ),
    listSealUses: unary('ListSealUses', options, async (request: sealsV1.ListSealUsesRequest, { actor }) => ({
      uses: (await seals.uses(actor, request.sealId, request.pageSize)).map((use) => ({
        useId: use.useId,
        sealId: use.sealId,
        userId: use.userId,
        documentReference: use.documentReference,
        contentHash: use.contentHash,
        signTime: use.signedAt.toISOString(),
      })),
    })),
  };
  return { name: 'jinku.seals.v1.SealService', definition: sealsV1.SealServiceService, implementation };
}
