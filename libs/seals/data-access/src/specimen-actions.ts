import { malformedPayload, payloadRecord, payloadText, type ActionDefinition } from '@jinku/approvals';
import type { Database } from '@jinku/db';
import { parseBusinessDate, treasuryDate, type BusinessDate } from '@jinku/kernel';
import {
  assertSpecimenRequest,
  type SpecimenCardEntry,
  type SpecimenCardRevocation,
  type SpecimenDocument,
  type SpecimenRequest,
  type SpecimenSealEntry,
} from '@jinku/seals-domain';
import { specimenRepository as repository } from './specimens';

export interface SpecimenActionOptions {
  /** The business date requests are checked against; by default today's date in Asia/Shanghai. */
  readonly today?: () => BusinessDate;
}

/** More than R86 ever asks for, with room for copies; a bound on what one request stores. */
const MAX_DOCUMENTS = 20;



/** An absent seal message arrives as undefined: read as a seal with neither imprint nor key. */
function sealOf(record: Record<string, unknown>, field: string): SpecimenSealEntry {
  const path = `payload.${field}`;
  const seal = payloadRecord(record[field] ?? {}, path);
  return { imprint: payloadText(seal, 'imprint', path), publicKey: payloadText(seal, 'publicKey', path) };
}

function documentsOf(record: Record<string, unknown>): SpecimenDocument[] {
  const documents = record['documents'] ?? [];
  if (!Array.isArray(documents) || documents.length > MAX_DOCUMENTS) throw malformedPayload('payload.documents', `a list of at most ${MAX_DOCUMENTS} documents`);
  return documents.map((raw, index) => {
    const path = `payload.documents[${index}]`;
    const document = payloadRecord(raw, path);
    return { kind: payloadText(document, 'kind', path), reference: payloadText(document, 'reference', path) };
  });
}

const effectiveFromOf = (record: Record<string, unknown>) => parseBusinessDate(payloadText(record, 'effectiveFrom'), 'payload.effectiveFrom');

/** approvals.v1 SpecimenCardEntry in camelCase, every field checked. */
function entryOf(payload: unknown): SpecimenCardEntry {
  const record = payloadRecord(payload, 'payload');
  const dated = record['unitSealDated'] ?? false;
  if (typeof dated !== 'boolean') throw malformedPayload('payload.unitSealDated', 'true or false');
  return {
    unitId: payloadText(record, 'unitId'),
    unitKind: payloadText(record, 'unitKind'),
    unitName: payloadText(record, 'unitName'),
    effectiveFrom: effectiveFromOf(record),
    unitSeal: sealOf(record, 'unitSeal'),
    representativeName: payloadText(record, 'representativeName'),
    representativeRole: payloadText(record, 'representativeRole'),
    representativeSeal: sealOf(record, 'representativeSeal'),
    documents: documentsOf(record),
    unitSealDated: dated,
  };
}

/** approvals.v1 SpecimenCardRevocation in camelCase. */
function revocationOf(payload: unknown): SpecimenCardRevocation {
  const record = payloadRecord(payload, 'payload');
  return { unitId: payloadText(record, 'unitId'), effectiveFrom: effectiveFromOf(record), documents: documentsOf(record) };
}

/**
 * A specimen card request (R83–R86): entered by an income or fiscal-refund operator, reviewed, approved by
 * the supervisor; checked at entry and again, under a lock on the unit, in the transaction that appends
 * the new version with its approval request.
 */
function specimenAction<Payload extends SpecimenCardEntry | SpecimenCardRevocation>(
  kind: string,
  read: (payload: unknown) => Payload,
  requestOf: (payload: Payload) => SpecimenRequest,
  database: Database,
  options: SpecimenActionOptions,
): ActionDefinition<Payload> {
  const today = options.today ?? (() => treasuryDate());
  return {
    policy: { kind, permission: 'specimen.enter' },
    async parse(payload, treasuryId) {
      const parsed = read(payload);
      const versions = await repository.versions(database.sql, treasuryId, parsed.unitId);
      assertSpecimenRequest(requestOf(parsed), versions.at(-1), today());
      return parsed;
    },
    targetOf: (payload) => `specimen:${payload.unitId}`,
    amountOf: () => null,
    keyElementsOf: () => null,
    important: () => true,
    async execute(tx, payload, context) {
      await repository.lockUnit(tx, context.treasuryId, payload.unitId);
      const latest = (await repository.versions(tx, context.treasuryId, payload.unitId)).at(-1);
      const request = requestOf(payload);
      assertSpecimenRequest(request, latest, today());
      const version = (latest?.version ?? 0) + 1;
      await repository.append(tx, { treasuryId: context.treasuryId, version, approvalRequestId: context.requestId }, request);
      return { unitId: payload.unitId, version: String(version), effectiveFrom: payload.effectiveFrom };
    },
  };
}

export const specimenCardNewAction = (database: Database, options: SpecimenActionOptions = {}) =>
  specimenAction('specimen_card_new', entryOf, (entry) => ({ action: 'new', ...entry }), database, options);

export const specimenCardChangeAction = (database: Database, options: SpecimenActionOptions = {}) =>
  specimenAction('specimen_card_change', entryOf, (entry) => ({ action: 'change', ...entry }), database, options);

export const specimenCardRevokeAction = (database: Database, options: SpecimenActionOptions = {}) =>
  specimenAction('specimen_card_revoke', revocationOf, (revocation) => ({ action: 'revoke', ...revocation }), database, options);
