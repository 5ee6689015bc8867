import { addDays, PERMISSIONS } from '@jinku/kernel';
import { refusalOf, type Refusal } from '@jinku/kernel/testing';
import { contentHash, generateSealKeyPair, SEAL_ALGORITHMS, SEAL_SIGNATURE_VERSION, signSeal, type SealAlgorithm, type SealKeyPair } from '@jinku/seals-domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpecimenPresentation } from './specimens';
import { specimenFixture, type SpecimenFixture } from './testing/specimen-fixture';

const TODAY = '2026-06-01';
/** A change's effective date, in the future of TODAY. */
const D = '2026-06-15';
const DOCUMENT = Buffer.from('收入退还申请书 2026-117: 退还 1,200.00 元');

let f: SpecimenFixture;
beforeAll(async () => {
  f = await specimenFixture(TODAY);
});
afterAll(async () => {
  await f?.database.drop();
});

const reader = () => f.person('u-refunds', 'fiscal_refund_operator');
let units = 0;
const nextUnit = () => `FB-${++units}`;

interface UnitKeys {
  readonly algorithm: SealAlgorithm;
  readonly unit: SealKeyPair;
  readonly representative: SealKeyPair;
}
const keysOf = (algorithm: SealAlgorithm): UnitKeys => ({ algorithm, unit: generateSealKeyPair(algorithm), representative: generateSealKeyPair(algorithm) });
const base64 = (keys: SealKeyPair) => keys.publicKeySpki.toString('base64');

const sealed = (keys: SealKeyPair, algorithm: SealAlgorithm, content: Uint8Array) =>
  signSeal(
    { version: SEAL_SIGNATURE_VERSION, sealId: 'unit-seal', signedAt: new Date(), dataHash: contentHash(content), documentReference: 'REF-117', signerUserId: 'unit' },
    algorithm,
    keys.privateKeyPkcs8,
  );
const electronic = (keys: UnitKeys, content: Uint8Array = DOCUMENT): Extract<SpecimenPresentation, { method: 'electronic' }> => ({
  method: 'electronic',
  content,
  unitSignature: sealed(keys.unit, keys.algorithm, content),
  representativeSignature: sealed(keys.representative, keys.algorithm, content),
});

const NEW_DOCUMENTS = [
  { kind: 'application', reference: 'APP-1' },
  { kind: 'representative_certificate', reference: 'CERT-1' },
  { kind: 'specimen_card', reference: 'CARD-1' },
  { kind: 'introduction_letter', reference: 'LETTER-1' },
];
const CHANGE_DOCUMENTS = [
  { kind: 'change_application', reference: 'CHG-1' },
  { kind: 'specimen_card', reference: 'CARD-2' },
];
const REVOCATION_DOCUMENTS = [
  { kind: 'revocation_application', reference: 'REV-1' },
  { kind: 'introduction_letter', reference: 'LETTER-2' },
];

/** A card entry as approvals.v1 SpecimenCardEntry in JSON; without keys, a paper-only card. */
const cardEntry = (unitId: string, keys: UnitKeys | null, overrides: Record<string, unknown> = {}) => ({
  unitId,
  unitKind: 'finance_bureau',
  unitName: '深圳市财政局',
  effectiveFrom: TODAY,
  unitSeal: { imprint: `${unitId} 财务专用章`, publicKey: keys ? base64(keys.unit) : '' },
  representativeName: '李四',
  representativeRole: 'legal_representative',
  representativeSeal: keys ? { imprint: '李四印', publicKey: base64(keys.representative) } : { imprint: '李四印' },
  documents: NEW_DOCUMENTS,
  unitSealDated: false,
  ...overrides,
});

/** A unit with a card filed and approved, effective TODAY. */
async function unitWithCard(keys: UnitKeys | null): Promise<string> {
  const unitId = nextUnit();
  const request = await f.approved('specimen_card_new', cardEntry(unitId, keys));
  expect(request).toMatchObject({ status: 'executed', result: { unitId, version: '1', effectiveFrom: TODAY } });
  return unitId;
}

const verify = (unitId: string, presented: SpecimenPresentation | undefined, documentDate: string) => f.specimens.verifySpecimen(reader(), unitId, presented, documentDate);

/** The refusal of `call`, which must leave specimen cards and approval requests as they were. */
async function refusedWritingNothing(call: () => Promise<unknown>): Promise<Refusal> {
  const before = await f.writes();
  const refusal = await refusalOf(call());
  expect(await f.writes()).toEqual(before);
  return refusal;
}

describe.each(SEAL_ALGORITHMS)('a new card with %s keys (R83, R84, R86)', (algorithm) => {
  it('is filed through review and supervisor approval; a document sealed by both keys verifies', async () => {
    const keys = keysOf(algorithm);
    const unitId = nextUnit();
    const request = await f.approved('specimen_card_new', cardEntry(unitId, keys));
    expect(request).toMatchObject({ route: ['review', 'supervisor_approval'], status: 'executed', target: `specimen:${unitId}` });
    expect(await f.specimens.list(reader(), unitId)).toMatchObject([
      { version: 1, action: 'new', effectiveFrom: TODAY, unitSeal: { publicKey: base64(keys.unit) }, approvalRequestId: request.id },
    ]);
    expect(await verify(unitId, electronic(keys), TODAY)).toEqual({ unitId, cardVersion: 1, method: 'electronic' });
  });

  it('finds SEAL_MISMATCH for a seal made by another key or content changed after sealing', async () => {
    const keys = keysOf(algorithm);
    const unitId = await unitWithCard(keys);
    const stranger = { ...keys, representative: generateSealKeyPair(algorithm) };
    expect(await refusedWritingNothing(() => verify(unitId, electronic(stranger), TODAY))).toMatchObject({
      kind: 'failed_precondition',
      reason: 'SEAL_MISMATCH',
      details: { seal: 'representative' },
    });
    const changed = { ...electronic(keys), content: Buffer.from('收入退还申请书 2026-117: 退还 9,200.00 元') };
    expect(await refusedWritingNothing(() => verify(unitId, changed, TODAY))).toMatchObject({ reason: 'SEAL_MISMATCH', details: { seal: 'unit' } });
  });
});

describe('paper documents and missing seals (R83)', () => {
  it('verifies a paper document whose imprints are the card’s', async () => {
    const unitId = await unitWithCard(null);
    const paper: SpecimenPresentation = { method: 'paper', unitImprint: ` ${unitId} 财务专用章 `, representativeImprint: '李四印' };
    expect(await verify(unitId, paper, TODAY)).toEqual({ unitId, cardVersion: 1, method: 'paper' });
  });

  it('finds SEAL_MISMATCH for a wrong imprint', async () => {
    const unitId = await unitWithCard(null);
    const paper: SpecimenPresentation = { method: 'paper', unitImprint: `${unitId} 财务专用章`, representativeImprint: '王五印' };
    expect(await refusedWritingNothing(() => verify(unitId, paper, TODAY))).toMatchObject({
      kind: 'failed_precondition',
      reason: 'SEAL_MISMATCH',
      details: { seal: 'representative' },
    });
  });

  it('finds SEAL_MISSING: nothing presented, an empty signature or imprint, or an electronic seal the card has no key for', async () => {
    const keys = keysOf('sm2_sm3');
    const unitId = await unitWithCard(keys);
    const paperOnly = await unitWithCard(null);
    const missing: [string, SpecimenPresentation | undefined, string][] = [
      [unitId, undefined, 'unit'],
      [unitId, { ...electronic(keys), unitSignature: new Uint8Array() }, 'unit'],
      [unitId, { method: 'paper', unitImprint: `${unitId} 财务专用章`, representativeImprint: ' ' }, 'representative'],
      [paperOnly, electronic(keys), 'unit'],
    ];
    for (const [unit, presented, seal] of missing) {
      expect(await refusedWritingNothing(() => verify(unit, presented, TODAY))).toMatchObject({ kind: 'failed_precondition', reason: 'SEAL_MISSING', details: { seal } });
    }
  });
});

describe('entering a card (R84, R86)', () => {
  it('refuses a dated unit seal at entry (SPECIMEN_SEAL_DATED), writing nothing', async () => {
    const refusal = await refusedWritingNothing(() => f.enter('specimen_card_new', cardEntry(nextUnit(), keysOf('ed25519'), { unitSealDated: true })));
    expect(refusal).toMatchObject({ kind: 'invalid_argument', reason: 'SPECIMEN_SEAL_DATED' });
  });

  it('refuses a request missing R86 documents, naming them, writing nothing', async () => {
    const documents = NEW_DOCUMENTS.filter((d) => d.kind === 'application' || d.kind === 'specimen_card');
    expect(await refusedWritingNothing(() => f.enter('specimen_card_new', cardEntry(nextUnit(), null, { documents })))).toMatchObject({
      kind: 'invalid_argument',
      reason: 'SPECIMEN_DOCUMENTS_MISSING',
      details: { missing: 'representative_certificate,introduction_letter' },
    });
    const agent = cardEntry(nextUnit(), null, { representativeRole: 'authorized_agent' });
    expect(await refusedWritingNothing(() => f.enter('specimen_card_new', agent))).toMatchObject({
      reason: 'SPECIMEN_DOCUMENTS_MISSING',
      details: { missing: 'power_of_attorney' },
    });
  });

  it('refuses a missing imprint, a malformed key and a malformed payload, writing nothing', async () => {
    const refusals = [
      cardEntry(nextUnit(), null, { representativeSeal: undefined }),
      cardEntry(nextUnit(), null, { unitSeal: { imprint: 'IMP-7', publicKey: 'bm90IGEga2V5' } }),
      cardEntry(nextUnit(), null, { unitSealDated: 'no' }),
    ];
    const reasons = [];
    for (const payload of refusals) reasons.push((await refusedWritingNothing(() => f.enter('specimen_card_new', payload))).reason);
    expect(reasons).toEqual(['MISSING_SPECIMEN_FIELD', 'MALFORMED_PUBLIC_KEY', 'MALFORMED_PAYLOAD']);
  });

  it('refuses a second card for a unit, and a change or revocation of a unit without one', async () => {
    const unitId = await unitWithCard(null);
    expect(await refusedWritingNothing(() => f.enter('specimen_card_new', cardEntry(unitId, null, { effectiveFrom: D })))).toMatchObject({
      kind: 'failed_precondition',
      reason: 'SPECIMEN_CARD_EXISTS',
    });
    const stranger = nextUnit();
    expect(await refusedWritingNothing(() => f.enter('specimen_card_change', cardEntry(stranger, null, { effectiveFrom: D, documents: CHANGE_DOCUMENTS })))).toMatchObject({
      kind: 'failed_precondition',
      reason: 'NO_SPECIMEN_CARD',
    });
    const revocation = { unitId: stranger, effectiveFrom: D, documents: REVOCATION_DOCUMENTS };
    expect(await refusedWritingNothing(() => f.enter('specimen_card_revoke', revocation))).toMatchObject({ reason: 'NO_SPECIMEN_CARD' });
  });

  it('refuses a change effective before today or not after the card in force (SPECIMEN_EFFECTIVE_DATE)', async () => {
    const unitId = await unitWithCard(null);
    for (const effectiveFrom of [addDays(TODAY, -1), TODAY]) {
      const change = cardEntry(unitId, null, { effectiveFrom, documents: CHANGE_DOCUMENTS });
      expect(await refusedWritingNothing(() => f.enter('specimen_card_change', change))).toMatchObject({ kind: 'failed_precondition', reason: 'SPECIMEN_EFFECTIVE_DATE' });
    }
  });

  it('refuses a second pending request on the same unit', async () => {
    const unitId = nextUnit();
    await f.enter('specimen_card_new', cardEntry(unitId, null));
    expect(await refusedWritingNothing(() => f.enter('specimen_card_new', cardEntry(unitId, null, { unitName: '深圳市财政局（更正）' })))).toMatchObject({
      kind: 'already_exists',
      reason: 'DUPLICATE_PENDING_REQUEST',
    });
  });

  it('refuses a post that may not enter specimen cards (PERMISSION_DENIED from the table)', async () => {
    for (const post of ['reviewer', 'accounting_supervisor'] as const) {
      const maker = f.person(`u-${post}-maker`, post);
      expect(await refusedWritingNothing(() => f.enter('specimen_card_new', cardEntry(nextUnit(), null), maker))).toMatchObject({
        kind: 'permission_denied',
        reason: PERMISSIONS['specimen.enter'].refusal,
      });
    }
  });
});

describe('changing and revoking a card (R86)', () => {
  it('a change effective D: documents dated D-1 verify against the old card, D and D+1 against the new', async () => {
    const old = keysOf('sm2_sm3');
    const unitId = await unitWithCard(old);
    const renewed: UnitKeys = { ...old, unit: generateSealKeyPair('sm2_sm3') };
    const change = cardEntry(unitId, null, {
      effectiveFrom: D,
      unitSeal: { imprint: `${unitId} 财务专用章（2）`, publicKey: base64(renewed.unit) },
      representativeSeal: { imprint: '李四印', publicKey: base64(old.representative) },
      documents: CHANGE_DOCUMENTS,
    });
    expect(await f.approved('specimen_card_change', change)).toMatchObject({ status: 'executed', result: { unitId, version: '2', effectiveFrom: D } });

    expect(await verify(unitId, electronic(old), addDays(D, -1))).toMatchObject({ cardVersion: 1 });
    expect(await refusedWritingNothing(() => verify(unitId, electronic(renewed), addDays(D, -1)))).toMatchObject({ reason: 'SEAL_MISMATCH', details: { seal: 'unit' } });
    for (const date of [D, addDays(D, 1)]) {
      expect(await verify(unitId, electronic(renewed), date)).toMatchObject({ cardVersion: 2 });
      expect(await refusedWritingNothing(() => verify(unitId, electronic(old), date))).toMatchObject({ reason: 'SEAL_MISMATCH', details: { seal: 'unit' } });
    }
  });

  it('never overwrites a version: both stay listed, and the table refuses UPDATE and DELETE', async () => {
    const unitId = await unitWithCard(null);
    await f.approved('specimen_card_change', cardEntry(unitId, null, { effectiveFrom: D, representativeSeal: { imprint: '李四新印' }, documents: CHANGE_DOCUMENTS }));
    expect(await f.specimens.list(reader(), unitId)).toMatchObject([
      { version: 1, action: 'new', representativeSeal: { imprint: '李四印' }, effectiveFrom: TODAY },
      { version: 2, action: 'change', representativeSeal: { imprint: '李四新印' }, effectiveFrom: D },
    ]);
    const { sql } = f.database;
    await expect(sql`update seals.specimen_cards set unit_name = 'x' where unit_id = ${unitId}`).rejects.toMatchObject({
      code: '23001',
      message: 'seals.specimen_cards is append-only: UPDATE refused',
    });
    await expect(sql`delete from seals.specimen_cards where unit_id = ${unitId}`).rejects.toMatchObject({ code: '23001' });
    expect(await f.specimens.list(reader(), unitId)).toHaveLength(2);
  });

  it('a revocation ends the card from its date; documents dated before still verify', async () => {
    const keys = keysOf('ed25519');
    const unitId = await unitWithCard(keys);
    const revoked = await f.approved('specimen_card_revoke', { unitId, effectiveFrom: D, documents: REVOCATION_DOCUMENTS });
    expect(revoked).toMatchObject({ status: 'executed', result: { unitId, version: '2', effectiveFrom: D } });

    expect(await verify(unitId, electronic(keys), addDays(D, -1))).toMatchObject({ cardVersion: 1 });
    for (const date of [D, addDays(D, 30), addDays(TODAY, -1)]) {
      expect(await refusedWritingNothing(() => verify(unitId, electronic(keys), date))).toMatchObject({ kind: 'failed_precondition', reason: 'NO_SPECIMEN_CARD' });
      expect(await refusedWritingNothing(() => f.specimens.inForce(reader(), unitId, date))).toMatchObject({ reason: 'NO_SPECIMEN_CARD' });
    }
    expect((await f.specimens.list(reader(), unitId)).map((card) => card.action)).toEqual(['new', 'revoke']);
  });

  it('re-checks at the final approval: of a change and a revocation pending at once, the second is refused', async () => {
    const unitId = await unitWithCard(null);
    const change = await f.enter('specimen_card_change', cardEntry(unitId, null, { effectiveFrom: D, documents: CHANGE_DOCUMENTS }));
    const revocation = await f.enter('specimen_card_revoke', { unitId, effectiveFrom: D, documents: REVOCATION_DOCUMENTS });
    const approve = (requestId: string, actor = f.person('u-supervisor', 'accounting_supervisor')) =>
      f.approvals.act(actor, { requestId, decision: 'approve', comment: 'ok', keyElements: null });
    for (const request of [change, revocation]) await approve(request.id, f.person('u-reviewer', 'reviewer'));
    await approve(change.id);
    expect(await refusedWritingNothing(() => approve(revocation.id))).toMatchObject({ kind: 'failed_precondition', reason: 'SPECIMEN_EFFECTIVE_DATE' });
    expect((await f.specimens.list(reader(), unitId)).map((card) => card.version)).toEqual([1, 2]);
  });

  it("keeps a treasury's cards its own: another treasury's unit has none", async () => {
    const unitId = await unitWithCard(null);
    const elsewhere = f.person('u-futian', 'fiscal_refund_operator', 'SZ-FT');
    expect(await f.specimens.list(elsewhere, unitId)).toEqual([]);
    expect(await refusedWritingNothing(() => f.specimens.inForce(elsewhere, unitId, TODAY))).toMatchObject({ reason: 'NO_SPECIMEN_CARD' });
    expect(await f.specimens.inForce(reader(), unitId, TODAY)).toMatchObject({ unitId, version: 1, treasuryId: 'SZ' });
  });
});
