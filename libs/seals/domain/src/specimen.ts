import * as asn1js from 'asn1js';
import { excerpt, failedPrecondition, invalidArgument, type BusinessDate } from '@jinku/kernel';
import { contentHash, decodeSealSignature, isSignatureValid, parseWholeBer, type SealAlgorithm } from './signature';
import { isOnCurve, sm2PointFromSpki } from './sm2';

/**
 * Specimen seals of counterpart units (预留印鉴, R83–R86): the card a unit files before the treasury acts
 * on its refunds, corrections, disbursements and reconciliations, and the check of a presented document
 * against the card in force on the document's date.
 */

/** The counterparts whose documents the treasury acts on (R83). */
export const UNIT_KINDS = ['finance_bureau', 'tax_bureau', 'customs', 'agency_bank', 'budget_unit'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Who signs or seals beside the unit's seal (R84). */
export const REPRESENTATIVE_ROLES = ['legal_representative', 'authorized_agent'] as const;
export type RepresentativeRole = (typeof REPRESENTATIVE_ROLES)[number];

export const SPECIMEN_ACTIONS = ['new', 'change', 'revoke'] as const;
export type SpecimenAction = (typeof SPECIMEN_ACTIONS)[number];

/** The documents R86 names. */
export const SPECIMEN_DOCUMENT_KINDS = [
  'application', // 预留印鉴申请书
  'change_application', // 变更申请书
  'revocation_application', // 撤销申请书
  'representative_certificate', // 法定代表人证明书（或任命文件）
  'power_of_attorney', // 授权委托书
  'specimen_card', // 印鉴卡 (for a change: the new card, with its effective date)
  'introduction_letter', // 单位介绍信
] as const;
export type SpecimenDocumentKind = (typeof SPECIMEN_DOCUMENT_KINDS)[number];

export interface SpecimenDocument {
  readonly kind: string;
  readonly reference: string;
}

/** A seal as entered: its imprint, and its public key (SPKI DER in base64, a PEM's body) or '' for none. */
export interface SpecimenSealEntry {
  readonly imprint: string;
  readonly publicKey: string;
}

/** A new card or a change, as the approvals payload carries it (approvals.v1 SpecimenCardEntry). */
export interface SpecimenCardEntry {
  readonly unitId: string;
  readonly unitKind: string;
  readonly unitName: string;
  readonly effectiveFrom: BusinessDate;
  readonly unitSeal: SpecimenSealEntry;
  readonly representativeName: string;
  readonly representativeRole: string;
  readonly representativeSeal: SpecimenSealEntry;
  readonly documents: readonly SpecimenDocument[];
  /** Whether the unit's seal carries a date: entered so that the refusal can say so (R84). */
  readonly unitSealDated: boolean;
}

/** A revocation (approvals.v1 SpecimenCardRevocation). */
export interface SpecimenCardRevocation {
  readonly unitId: string;
  readonly effectiveFrom: BusinessDate;
  readonly documents: readonly SpecimenDocument[];
}

export type SpecimenRequest = ({ readonly action: 'new' | 'change' } & SpecimenCardEntry) | ({ readonly action: 'revoke' } & SpecimenCardRevocation);

/** What a unit's latest recorded version tells about the next request. */
export interface SpecimenVersion {
  readonly version: number;
  readonly action: SpecimenAction;
  readonly effectiveFrom: BusinessDate;
  readonly representativeName: string | null;
  readonly representativeRole: string | null;
}

const unitOf = (unitId: string) => excerpt(unitId, 40);
const missingField = (field: string) => invalidArgument('MISSING_SPECIMEN_FIELD', `a specimen card is filed with its ${field} (R84, R86)`, { field });

export const noSpecimenCard = (unitId: string, why: string) =>
  failedPrecondition('NO_SPECIMEN_CARD', `unit ${unitOf(unitId)} has no specimen card ${why} (R83)`, { unitId: unitOf(unitId) });

// ---- Public keys -------------------------------------------------------------------------------------

const EC_PUBLIC_KEY_OID = '1.2.840.10045.2.1';
const SM2_CURVE_OID = '1.2.156.10197.1.301';
const ED25519_OID = '1.3.101.112';

/**
 * The algorithm of an SPKI, told by its OIDs (id-ecPublicKey on the SM2 curve, or Ed25519), with a key of
 * the right shape; undefined for anything else. Read as bytes: Node 20 cannot re-export an imported SM2 key.
 */
export function spkiAlgorithm(spki: Uint8Array): SealAlgorithm | undefined {
  const parsed = parseWholeBer(spki);
  if (!(parsed instanceof asn1js.Sequence)) return undefined;
  const [identifier, key, ...extra] = parsed.valueBlock.value;
  if (extra.length > 0 || !(identifier instanceof asn1js.Sequence) || !(key instanceof asn1js.BitString) || key.valueBlock.unusedBits !== 0) return undefined;
  const [oid, parameters, ...more] = identifier.valueBlock.value;
  if (!(oid instanceof asn1js.ObjectIdentifier) || more.length > 0) return undefined;
  const bits = new Uint8Array(key.valueBlock.valueHexView);
  if (oid.valueBlock.toString() === ED25519_OID && parameters === undefined && bits.length === 32) return 'ed25519';
  const onSm2Curve = parameters instanceof asn1js.ObjectIdentifier && parameters.valueBlock.toString() === SM2_CURVE_OID;
  if (oid.valueBlock.toString() === EC_PUBLIC_KEY_OID && onSm2Curve && bits.length === 65 && bits[0] === 0x04 && isOnCurve(sm2PointFromSpki(bits))) {
    return 'sm2_sm3';
  }
  return undefined;
}

/** A specimen seal's public key as entered (SPKI DER in base64, a PEM's body): its DER, or null when none is filed. */
export function specimenPublicKeyOf(text: string, field: string): Buffer | null {
  if (text === '') return null;
  const der = Buffer.from(text, 'base64');
  // Canonical base64 only: Node's decoder skips what it does not understand.
  if (der.toString('base64') !== text || !spkiAlgorithm(der)) {
    throw invalidArgument('MALFORMED_PUBLIC_KEY', `${field} must be an SM2 or Ed25519 SubjectPublicKeyInfo, DER in base64 (a PEM's body)`, { field });
  }
  return der;
}

// ---- Requests (R84, R86) -----------------------------------------------------------------------------

function assertEntry(entry: SpecimenCardEntry): void {
  const required: [string, string][] = [
    ['unitId', entry.unitId],
    ['unitKind', entry.unitKind],
    ['unitName', entry.unitName],
    ['unitSeal.imprint', entry.unitSeal.imprint],
    ['representativeName', entry.representativeName],
    ['representativeRole', entry.representativeRole],
    ['representativeSeal.imprint', entry.representativeSeal.imprint],
  ];
  const blank = required.find(([, value]) => value.trim() === '');
  if (blank) throw missingField(blank[0]);
  if (!(UNIT_KINDS as readonly string[]).includes(entry.unitKind)) {
    throw invalidArgument('UNKNOWN_UNIT_KIND', `no unit kind "${excerpt(entry.unitKind, 40)}"; one of ${UNIT_KINDS.join(', ')}`, { field: 'unitKind' });
  }
  if (!(REPRESENTATIVE_ROLES as readonly string[]).includes(entry.representativeRole)) {
    throw invalidArgument('UNKNOWN_REPRESENTATIVE_ROLE', `no representative role "${excerpt(entry.representativeRole, 40)}"; one of ${REPRESENTATIVE_ROLES.join(', ')}`, {
      field: 'representativeRole',
    });
  }
  if (entry.unitSealDated) {
    throw invalidArgument('SPECIMEN_SEAL_DATED', "a unit's specimen seal is its official or a business seal, never one with a date in it (R84)", { field: 'unitSealDated' });
  }
  specimenPublicKeyOf(entry.unitSeal.publicKey, 'unitSeal.publicKey');
  specimenPublicKeyOf(entry.representativeSeal.publicKey, 'representativeSeal.publicKey');
}

/** The card to change or revoke: the latest version, unless that is a revocation. */
const liveCard = (latest: SpecimenVersion | undefined) => (latest?.action === 'revoke' ? undefined : latest);

function assertFitsHistory(request: SpecimenRequest, latest: SpecimenVersion | undefined, today: BusinessDate): void {
  const live = liveCard(latest);
  if (request.action === 'new' && live) {
    throw failedPrecondition('SPECIMEN_CARD_EXISTS', `unit ${unitOf(request.unitId)} already has specimen card version ${live.version}; change or revoke it (R86)`);
  }
  if (request.action !== 'new' && !live) throw noSpecimenCard(request.unitId, `to ${request.action}`);
  if (request.effectiveFrom < today) {
    throw failedPrecondition('SPECIMEN_EFFECTIVE_DATE', `effective date ${request.effectiveFrom} is before today, ${today}: a card takes effect from its filing on (R83)`, {
      field: 'effectiveFrom',
    });
  }
  // Versions take effect in order: the old card ends on the new date, and what was in force before stays so.
  if (latest && request.effectiveFrom <= latest.effectiveFrom) {
    throw failedPrecondition(
      'SPECIMEN_EFFECTIVE_DATE',
      `effective date ${request.effectiveFrom} must be later than ${latest.effectiveFrom}, from which version ${latest.version} is effective (R86)`,
      { field: 'effectiveFrom' },
    );
  }
}

/**
 * What R86 asks for: a new card the application, the representative's certificate, a power of attorney when
 * an agent signs, the card and the introduction letter; a change its application and the new card, and the
 * certificate (and power of attorney) again when the representative changes; a revocation its application
 * and the introduction letter.
 */
export function requiredDocuments(request: SpecimenRequest, latest: SpecimenVersion | undefined): SpecimenDocumentKind[] {
  if (request.action === 'revoke') return ['revocation_application', 'introduction_letter'];
  const representative: SpecimenDocumentKind[] = ['representative_certificate', ...(request.representativeRole === 'authorized_agent' ? (['power_of_attorney'] as const) : [])];
  if (request.action === 'new') return ['application', ...representative, 'specimen_card', 'introduction_letter'];
  const representativeChanged = latest?.representativeName !== request.representativeName || latest?.representativeRole !== request.representativeRole;
  return ['change_application', 'specimen_card', ...(representativeChanged ? representative : [])];
}

function assertDocuments(documents: readonly SpecimenDocument[], required: readonly SpecimenDocumentKind[]): void {
  const index = documents.findIndex((d) => d.reference.trim() === '');
  if (index >= 0) throw missingField(`documents[${index}].reference`);
  const unknown = documents.find((d) => !(SPECIMEN_DOCUMENT_KINDS as readonly string[]).includes(d.kind));
  if (unknown) {
    throw invalidArgument('UNKNOWN_DOCUMENT_KIND', `no specimen document kind "${excerpt(unknown.kind, 40)}"; one of ${SPECIMEN_DOCUMENT_KINDS.join(', ')}`, { field: 'documents' });
  }
  const missing = required.filter((kind) => !documents.some((d) => d.kind === kind));
  if (missing.length > 0) throw invalidArgument('SPECIMEN_DOCUMENTS_MISSING', `the request lacks ${missing.join(', ')} (R86)`, { missing: missing.join(',') });
}

/**
 * Whether a request may be recorded after `latest`, the unit's latest version (none for a unit never
 * filed): at entry, and again inside the transaction that records it.
 */
export function assertSpecimenRequest(request: SpecimenRequest, latest: SpecimenVersion | undefined, today: BusinessDate): void {
  if (request.action === 'revoke') {
    if (request.unitId.trim() === '') throw missingField('unitId');
  } else {
    assertEntry(request);
  }
  assertFitsHistory(request, latest, today);
  assertDocuments(request.documents, requiredDocuments(request, latest));
}

// ---- The card in force and the check of a presented document (R83) ----------------------------------

/**
 * The card in force on `date`: the version with the highest (effective date, version) effective on or
 * before it, unless that is a revocation; undefined when none is.
 */
export function cardInForce<Row extends { readonly version: number; readonly action: SpecimenAction; readonly effectiveFrom: BusinessDate }>(
  rows: readonly Row[],
  date: BusinessDate,
): Row | undefined {
  const later = (a: Row, b: Row) => a.effectiveFrom > b.effectiveFrom || (a.effectiveFrom === b.effectiveFrom && a.version > b.version);
  const latest = rows.filter((row) => row.effectiveFrom <= date).reduce<Row | undefined>((best, row) => (!best || later(row, best) ? row : best), undefined);
  return latest?.action === 'revoke' ? undefined : latest;
}

export type SpecimenPresentation =
  | { readonly method: 'electronic'; readonly content: Uint8Array; readonly unitSignature: Uint8Array; readonly representativeSignature: Uint8Array }
  | { readonly method: 'paper'; readonly unitImprint: string; readonly representativeImprint: string };

export interface SealOnCard {
  readonly imprint: string;
  readonly publicKeySpki: Uint8Array | null;
}

export interface CardSeals {
  readonly version: number;
  readonly unitSeal: SealOnCard;
  readonly representativeSeal: SealOnCard;
}

type Signer = 'unit' | 'representative';
const SIGNERS: readonly Signer[] = ['unit', 'representative'];
const SEAL_NAMES: Readonly<Record<Signer, string>> = { unit: "the unit's seal", representative: "the representative's signature or seal" };

const sealMissing = (signer: Signer, why: string) => failedPrecondition('SEAL_MISSING', `${SEAL_NAMES[signer]} is missing: ${why} (R83)`, { seal: signer });
const sealMismatch = (signer: Signer, card: CardSeals, why: string) =>
  failedPrecondition('SEAL_MISMATCH', `${SEAL_NAMES[signer]} does not match specimen card version ${card.version}: ${why} (R83)`, { seal: signer });

function checkSignature(signer: Signer, card: CardSeals, content: Uint8Array, signature: Uint8Array): void {
  if (signature.length === 0) throw sealMissing(signer, 'no signature was presented');
  const spki = (signer === 'unit' ? card.unitSeal : card.representativeSeal).publicKeySpki;
  if (!spki) throw sealMissing(signer, `specimen card version ${card.version} registers no electronic key for it; present the paper document`);
  const decoded = decodeSealSignature(signature);
  if (!decoded) throw sealMismatch(signer, card, 'the signature is not a seal signature');
  // The algorithm first: a signature is only ever checked with a key of its own kind.
  if (decoded.algorithm !== spkiAlgorithm(spki) || !isSignatureValid(decoded, spki)) throw sealMismatch(signer, card, 'it was not made by the key on the card');
  if (!contentHash(content).equals(Buffer.from(decoded.tbs.dataHash))) throw sealMismatch(signer, card, 'the content was changed after sealing');
}

function checkImprint(signer: Signer, card: CardSeals, presented: string): void {
  if (presented.trim() === '') throw sealMissing(signer, 'no imprint was presented');
  const onCard = signer === 'unit' ? card.unitSeal.imprint : card.representativeSeal.imprint;
  if (presented.trim() !== onCard.trim()) throw sealMismatch(signer, card, 'the imprint differs from the card');
}

/** Checks both seals of a presented document against `card`, the unit's card in force on the document's date; returns how they were presented. */
export function verifyPresentation(card: CardSeals, presented: SpecimenPresentation | undefined): SpecimenPresentation['method'] {
  if (!presented) throw sealMissing('unit', "nothing was presented: the unit's seal and the representative's are both checked");
  for (const signer of SIGNERS) {
    if (presented.method === 'electronic') {
      checkSignature(signer, card, presented.content, signer === 'unit' ? presented.unitSignature : presented.representativeSignature);
    } else {
      checkImprint(signer, card, signer === 'unit' ? presented.unitImprint : presented.representativeImprint);
    }
  }
  return presented.method;
}
