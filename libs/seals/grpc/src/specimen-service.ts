import { unary, type GrpcService, type UnaryOptions } from '@jinku/grpc-kit';
import { checkText, parseBusinessDate } from '@jinku/kernel';
import type { SpecimenCardView, SpecimenPresentation, Specimens, SpecimenSealView } from '@jinku/seals';
import { sealsV1 } from '@jinku/proto';

/** Unit ids are the counterpart's own codes (a bureau's, a bank's CNAPS number): short. */
const UNIT_ID_LIMIT = 40;
const IMPRINT_LIMIT = 200;

const sealToWire = (seal: SpecimenSealView | null): sealsV1.SpecimenSeal | undefined => (seal ? { imprint: seal.imprint, publicKey: seal.publicKey ?? '' } : undefined);

const cardToWire = (card: SpecimenCardView): sealsV1.SpecimenCard => ({
  treasuryId: card.treasuryId,
  unitId: card.unitId,
  version: card.version,
  action: card.action,
  unitKind: card.unitKind ?? '',
  unitName: card.unitName ?? '',
  effectiveFrom: card.effectiveFrom,
  unitSeal: sealToWire(card.unitSeal),
  representativeName: card.representativeName ?? '',
  representativeRole: card.representativeRole ?? '',
  representativeSeal: sealToWire(card.representativeSeal),
  documents: card.documents,
  approvalRequestId: card.approvalRequestId,
  recordTime: card.recordedAt.toISOString(),
});

/** The presented seal as the specimens lib takes it; nothing presented is the lib's SEAL_MISSING. */
function presentationFromWire(presented: sealsV1.VerifySpecimenRequest['presented']): SpecimenPresentation | undefined {
  switch (presented?.$case) {
    case 'electronic':
      return { method: 'electronic', ...presented.value };
    case 'paper':
      return {
        method: 'paper',
        unitImprint: checkText(presented.value.unitImprint, 'paper.unit_imprint', IMPRINT_LIMIT),
        representativeImprint: checkText(presented.value.representativeImprint, 'paper.representative_imprint', IMPRINT_LIMIT),
      };
    default:
      return undefined;
  }
}

/** SpecimenService: translation between seals.v1 and the specimens of the seals lib, which authorizes every call. */
export function specimenGrpcService(specimens: Specimens, options: UnaryOptions): GrpcService {
  const unitOf = (unitId: string) => checkText(unitId, 'unit_id', UNIT_ID_LIMIT);
  const implementation: sealsV1.SpecimenServiceServer = {
    getSpecimenCard: unary('GetSpecimenCard', options, async (request: sealsV1.GetSpecimenCardRequest, { actor }) =>
      cardToWire(await specimens.inForce(actor, unitOf(request.unitId), parseBusinessDate(request.date, 'date'))),
    ),
    listSpecimenCards: unary('ListSpecimenCards', options, async (request: sealsV1.ListSpecimenCardsRequest, { actor }) => ({
      cards: (await specimens.list(actor, unitOf(request.unitId))).map(cardToWire),
    })),
    verifySpecimen: unary('VerifySpecimen', options, async (request: sealsV1.VerifySpecimenRequest, { actor }) =>
      specimens.verifySpecimen(actor, unitOf(request.unitId), presentationFromWire(request.presented), parseBusinessDate(request.documentDate, 'document_date')),
    ),
  };
  return { name: 'jinku.seals.v1.SpecimenService', definition: sealsV1.SpecimenServiceService, implementation };
}
