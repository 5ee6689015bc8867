import type { Database, Tx } from '@jinku/db';
import { authorize, type Actor, type BusinessDate } from '@jinku/kernel';
import {
  cardInForce,
  noSpecimenCard,
  specimenPublicKeyOf,
  verifyPresentation,
  type SealOnCard,
  type SpecimenAction,
  type SpecimenDocument,
  type SpecimenPresentation,
  type SpecimenRequest,
} from '@jinku/seals-domain';

export type { SpecimenPresentation } from '@jinku/seals-domain';

/** A seal on a card: the imprint the operator compares paper with, and the public key (SPKI DER in base64, a PEM's body) if any. */
export interface SpecimenSealView {
  imprint: string;
  publicKey: string | null;
}

/** One version of a unit's specimen card (R83–R86); a revocation carries no seals. */
export interface SpecimenCardView {
  treasuryId: string;
  unitId: string;
  version: number;
  action: SpecimenAction;
  unitKind: string | null;
  unitName: string | null;
  effectiveFrom: BusinessDate;
  unitSeal: SpecimenSealView | null;
  representativeName: string | null;
  representativeRole: string | null;
  representativeSeal: SpecimenSealView | null;
  documents: SpecimenDocument[];
  approvalRequestId: string;
  recordedAt: Date;
}

export interface SpecimenVerified {
  unitId: string;
  cardVersion: number;
  method: SpecimenPresentation['method'];
}

export interface Specimens {
  /** Every version of the unit's card, oldest first; none for a unit of another treasury. */
  list(actor: Actor, unitId: string): Promise<SpecimenCardView[]>;
  /** The card in force on `date`; NO_SPECIMEN_CARD (failed_precondition) when none is. */
  inForce(actor: Actor, unitId: string, date: BusinessDate): Promise<SpecimenCardView>;
  /** What revenue, refund, correction, disbursement and reconciliation call before they act on a unit's document. */
  verifySpecimen(actor: Actor, unitId: string, presented: SpecimenPresentation | undefined, documentDate: BusinessDate): Promise<SpecimenVerified>;
}

type Sql = Database['sql'] | Tx;

interface SpecimenRow {
  treasury_id: string;
  unit_id: string;
  version: number;
  action: SpecimenAction;
  unit_kind: string | null;
  unit_name: string | null;
  effective_from: string;
  unit_seal_imprint: string | null;
  unit_seal_public_key_spki: Buffer | null;
  representative_name: string | null;
  representative_role: string | null;
  representative_imprint: string | null;
  representative_public_key_spki: Buffer | null;
  documents: SpecimenDocument[];
  approval_request_id: string;
  recorded_at: Date;
}

const sealView = (imprint: string | null, spki: Buffer | null): SpecimenSealView | null =>
  imprint === null ? null : { imprint, publicKey: spki && spki.toString('base64') };

const view = (row: SpecimenRow): SpecimenCardView => ({
  treasuryId: row.treasury_id,
  unitId: row.unit_id,
  version: row.version,
  action: row.action,
  unitKind: row.unit_kind,
  unitName: row.unit_name,
  effectiveFrom: row.effective_from,
  unitSeal: sealView(row.unit_seal_imprint, row.unit_seal_public_key_spki),
  representativeName: row.representative_name,
  representativeRole: row.representative_role,
  representativeSeal: sealView(row.representative_imprint, row.representative_public_key_spki),
  documents: row.documents,
  approvalRequestId: row.approval_request_id,
  recordedAt: row.recorded_at,
});

const sealOnCard = (seal: SpecimenSealView): SealOnCard => ({ imprint: seal.imprint, publicKeySpki: seal.publicKey === null ? null : Buffer.from(seal.publicKey, 'base64') });

/** The seals schema's SQL for specimen cards: append-only, one row per approved request. */
export const specimenRepository = {
  async versions(sql: Sql, treasuryId: string, unitId: string): Promise<SpecimenCardView[]> {
    const rows = await sql<SpecimenRow[]>`
      select treasury_id, unit_id, version, action, unit_kind, unit_name, effective_from::text as effective_from, unit_seal_imprint,
             unit_seal_public_key_spki, representative_name, representative_role, representative_imprint, representative_public_key_spki,
             documents, approval_request_id, recorded_at
      from seals.specimen_cards where treasury_id = ${treasuryId} and unit_id = ${unitId}
      order by version`;
    return rows.map(view);
  },

  /** Serializes requests on one unit of one treasury for the rest of the transaction. */
  async lockUnit(tx: Tx, treasuryId: string, unitId: string): Promise<void> {
    await tx`select pg_advisory_xact_lock(hashtextextended(${`seals.specimen_cards:${treasuryId}:${unitId}`}, 0))`;
  },

  async append(tx: Tx, recorded: { treasuryId: string; version: number; approvalRequestId: string }, request: SpecimenRequest): Promise<void> {
    const entry = request.action === 'revoke' ? undefined : request;
    // Documents as plain { kind, reference } objects: the JSON column stores nothing else of the payload.
    await tx`
      insert into seals.specimen_cards
        (treasury_id, unit_id, version, action, unit_kind, unit_name, effective_from, unit_seal_imprint, unit_seal_public_key_spki,
         representative_name, representative_role, representative_imprint, representative_public_key_spki, documents, approval_request_id)
      values (${recorded.treasuryId}, ${request.unitId}, ${recorded.version}, ${request.action}, ${entry?.unitKind ?? null}, ${entry?.unitName ?? null},
              ${request.effectiveFrom}, ${entry?.unitSeal.imprint ?? null}, ${entry ? specimenPublicKeyOf(entry.unitSeal.publicKey, 'unitSeal.publicKey') : null},
              ${entry?.representativeName ?? null}, ${entry?.representativeRole ?? null}, ${entry?.representativeSeal.imprint ?? null},
              ${entry ? specimenPublicKeyOf(entry.representativeSeal.publicKey, 'representativeSeal.publicKey') : null},
              ${tx.json(request.documents.map(({ kind, reference }) => ({ kind, reference })))}, ${recorded.approvalRequestId})`;
  },
};

/** Specimen cards as every post reads them, and the check of a unit's document against its card (R83). */
export function createSpecimens(database: Database): Specimens {
  const { sql } = database;

  async function inForce(unitId: string, date: BusinessDate, treasuryId: string): Promise<SpecimenCardView> {
    const card = cardInForce(await specimenRepository.versions(sql, treasuryId, unitId), date);
    if (!card) throw noSpecimenCard(unitId, `in force on ${date}: never filed, not yet effective, or revoked`);
    return card;
  }

  return {
    async list(actor, unitId) {
      // Cards are the actor's treasury's own: another treasury's unit has none here.
      authorize(actor, 'specimen.read', actor.treasuryId);
      return specimenRepository.versions(sql, actor.treasuryId, unitId);
    },

    async inForce(actor, unitId, date) {
      authorize(actor, 'specimen.read', actor.treasuryId);
      return inForce(unitId, date, actor.treasuryId);
    },

    async verifySpecimen(actor, unitId, presented, documentDate) {
      authorize(actor, 'specimen.read', actor.treasuryId);
      // The card in force on the document's date, not today's: a change never invalidates what was sealed before it.
      const card = await inForce(unitId, documentDate, actor.treasuryId);
      // A card in force is never a revocation, and the table holds both seals of every other row.
      const method = verifyPresentation({ version: card.version, unitSeal: sealOnCard(card.unitSeal!), representativeSeal: sealOnCard(card.representativeSeal!) }, presented);
      return { unitId, cardVersion: card.version, method };
    },
  };
}
