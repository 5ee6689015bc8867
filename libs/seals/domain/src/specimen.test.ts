import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { addDays } from '@jinku/kernel';
import { refusalOfCall } from '@jinku/kernel/testing';
import { describe, expect, it } from 'vitest';
import { contentHash, generateSealKeyPair, SEAL_ALGORITHMS, SEAL_SIGNATURE_VERSION, signSeal, type SealAlgorithm, type SealKeyPair } from './signature';
import {
  assertSpecimenRequest,
  cardInForce,
  requiredDocuments,
  specimenPublicKeyOf,
  spkiAlgorithm,
  verifyPresentation,
  type CardSeals,
  type SpecimenAction,
  type SpecimenCardEntry,
  type SpecimenDocument,
  type SpecimenPresentation,
  type SpecimenRequest,
  type SpecimenVersion,
} from './specimen';

type Electronic = Extract<SpecimenPresentation, { method: 'electronic' }>;

const TODAY = '2026-06-01';
const base64 = (spki: Uint8Array) => Buffer.from(spki).toString('base64');
const documentsOf = (...kinds: string[]): SpecimenDocument[] => kinds.map((kind, i) => ({ kind, reference: `DOC-${i + 1}` }));

const entry = (overrides: Partial<SpecimenCardEntry> = {}): SpecimenCardEntry => ({
  unitId: 'FB-440300',
  unitKind: 'finance_bureau',
  unitName: '深圳市财政局',
  effectiveFrom: TODAY,
  unitSeal: { imprint: 'FB official seal, impression IMP-7', publicKey: base64(generateSealKeyPair('sm2_sm3').publicKeySpki) },
  representativeName: '李四',
  representativeRole: 'legal_representative',
  representativeSeal: { imprint: '李四印', publicKey: '' },
  documents: documentsOf('application', 'representative_certificate', 'specimen_card', 'introduction_letter'),
  unitSealDated: false,
  ...overrides,
});

const newCard = (overrides: Partial<SpecimenCardEntry> = {}): SpecimenRequest => ({ action: 'new', ...entry(overrides) });
const version = (overrides: Partial<SpecimenVersion> = {}): SpecimenVersion => ({
  version: 1,
  action: 'new',
  effectiveFrom: TODAY,
  representativeName: '李四',
  representativeRole: 'legal_representative',
  ...overrides,
});
const refusal = (request: SpecimenRequest, latest?: SpecimenVersion) => refusalOfCall(() => assertSpecimenRequest(request, latest, TODAY));

describe('public keys of specimen seals', () => {
  it.each(SEAL_ALGORITHMS)('reads a %s SubjectPublicKeyInfo by its OIDs', (algorithm) => {
    const { publicKeySpki } = generateSealKeyPair(algorithm);
    expect(spkiAlgorithm(publicKeySpki)).toBe(algorithm);
    expect(specimenPublicKeyOf(base64(publicKeySpki), 'unitSeal.publicKey')).toEqual(publicKeySpki);
  });

  it('takes no key as none, and refuses a PEM with its header, a P-256 key, a point off the SM2 curve and junk', () => {
    expect(specimenPublicKeyOf('', 'unitSeal.publicKey')).toBeNull();
    const sm2 = Buffer.from(generateSealKeyPair('sm2_sm3').publicKeySpki);
    const offCurve = Buffer.concat([sm2.subarray(0, -1), Buffer.from([sm2[sm2.length - 1]! ^ 1])]);
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });
    const pem = `-----BEGIN PUBLIC KEY-----${base64(sm2)}-----END PUBLIC KEY-----`;
    for (const text of [pem, base64(p256), base64(offCurve), 'not base64!', `${base64(sm2)}=`]) {
      expect(refusalOfCall(() => specimenPublicKeyOf(text, 'representativeSeal.publicKey'))).toMatchObject({
        kind: 'invalid_argument',
        reason: 'MALFORMED_PUBLIC_KEY',
        details: { field: 'representativeSeal.publicKey' },
      });
    }
  });

  it('never takes arbitrary bytes for a key, and never throws on them', () => {
    // Found by this property: asn1js throws reading a BMPString of odd length.
    expect(spkiAlgorithm(Uint8Array.from([30, 3, 0, 0, 0]))).toBeUndefined();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
        expect(spkiAlgorithm(bytes)).toBeUndefined();
      }),
    );
  });
});

describe('entering a card (R84, R86)', () => {
  it('accepts a complete new card, with or without public keys', () => {
    expect(refusal(newCard())).toBeUndefined();
    expect(refusal(newCard({ unitSeal: { imprint: 'IMP-7', publicKey: '' } }))).toBeUndefined();
  });

  it.each(['unitId', 'unitKind', 'unitName', 'representativeName', 'representativeRole'] as const)('refuses a blank %s', (field) => {
    expect(refusal(newCard({ [field]: '  ' }))).toMatchObject({ kind: 'invalid_argument', reason: 'MISSING_SPECIMEN_FIELD', details: { field } });
  });

  it('refuses a card without either imprint', () => {
    expect(refusal(newCard({ unitSeal: { imprint: '', publicKey: '' } }))).toMatchObject({ reason: 'MISSING_SPECIMEN_FIELD', details: { field: 'unitSeal.imprint' } });
    expect(refusal(newCard({ representativeSeal: { imprint: ' ', publicKey: '' } }))).toMatchObject({
      reason: 'MISSING_SPECIMEN_FIELD',
      details: { field: 'representativeSeal.imprint' },
    });
  });

  it('refuses a dated unit seal (R84), an unknown unit kind or role, and a malformed key', () => {
    expect(refusal(newCard({ unitSealDated: true }))).toMatchObject({ kind: 'invalid_argument', reason: 'SPECIMEN_SEAL_DATED' });
    expect(refusal(newCard({ unitKind: 'bank' }))).toMatchObject({ reason: 'UNKNOWN_UNIT_KIND' });
    expect(refusal(newCard({ representativeRole: 'clerk' }))).toMatchObject({ reason: 'UNKNOWN_REPRESENTATIVE_ROLE' });
    expect(refusal(newCard({ representativeSeal: { imprint: '李四印', publicKey: 'AAAA' } }))).toMatchObject({
      reason: 'MALFORMED_PUBLIC_KEY',
      details: { field: 'representativeSeal.publicKey' },
    });
  });

  it('refuses a document without reference or of an unknown kind', () => {
    const documents = [...entry().documents, { kind: 'application', reference: ' ' }];
    expect(refusal(newCard({ documents }))).toMatchObject({ reason: 'MISSING_SPECIMEN_FIELD', details: { field: 'documents[4].reference' } });
    expect(refusal(newCard({ documents: [...entry().documents, { kind: 'photo', reference: 'P-1' }] }))).toMatchObject({ reason: 'UNKNOWN_DOCUMENT_KIND' });
  });
});

describe('the documents R86 asks for', () => {
  const agent = newCard({ representativeRole: 'authorized_agent' });
  const change = (overrides: Partial<SpecimenCardEntry> = {}): SpecimenRequest => ({ action: 'change', ...entry({ effectiveFrom: '2026-06-10', ...overrides }) });
  const revocation: SpecimenRequest = { action: 'revoke', unitId: 'FB-440300', effectiveFrom: '2026-06-10', documents: [] };

  it('names them per request', () => {
    expect(requiredDocuments(newCard(), undefined)).toEqual(['application', 'representative_certificate', 'specimen_card', 'introduction_letter']);
    expect(requiredDocuments(agent, undefined)).toEqual(['application', 'representative_certificate', 'power_of_attorney', 'specimen_card', 'introduction_letter']);
    expect(requiredDocuments(change(), version())).toEqual(['change_application', 'specimen_card']);
    expect(requiredDocuments(change({ representativeName: '王五' }), version())).toEqual(['change_application', 'specimen_card', 'representative_certificate']);
    expect(requiredDocuments(change({ representativeRole: 'authorized_agent' }), version())).toEqual([
      'change_application',
      'specimen_card',
      'representative_certificate',
      'power_of_attorney',
    ]);
    expect(requiredDocuments(revocation, version())).toEqual(['revocation_application', 'introduction_letter']);
  });

  it('refuses a request lacking any of them, naming exactly the missing kinds', () => {
    const requests: [SpecimenRequest, SpecimenVersion | undefined][] = [
      [agent, undefined],
      [change({ representativeRole: 'authorized_agent' }), version()],
      [revocation, version()],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...requests), fc.infiniteStream(fc.boolean()), ([request, latest], keep) => {
        const required = requiredDocuments(request, latest);
        const kept = required.filter(() => keep.next().value);
        const missing = required.filter((kind) => !kept.includes(kind));
        const outcome = refusal({ ...request, documents: documentsOf(...kept) }, latest);
        if (missing.length === 0) expect(outcome).toBeUndefined();
        else expect(outcome).toMatchObject({ kind: 'invalid_argument', reason: 'SPECIMEN_DOCUMENTS_MISSING', details: { missing: missing.join(',') } });
      }),
    );
  });
});

describe('requests against the unit’s history', () => {
  const change: SpecimenRequest = { action: 'change', ...entry({ effectiveFrom: '2026-06-10', documents: documentsOf('change_application', 'specimen_card') }) };
  const revocation: SpecimenRequest = { action: 'revoke', unitId: 'FB-440300', effectiveFrom: '2026-06-10', documents: documentsOf('revocation_application', 'introduction_letter') };

  it('files a new card only where none is live, and changes or revokes only a live one', () => {
    expect(refusal(newCard({ effectiveFrom: '2026-06-02' }), version())).toMatchObject({ kind: 'failed_precondition', reason: 'SPECIMEN_CARD_EXISTS' });
    expect(refusal(newCard({ effectiveFrom: '2026-06-02' }), version({ version: 2, action: 'revoke' }))).toBeUndefined();
    for (const request of [change, revocation]) {
      expect(refusal(request, undefined)).toMatchObject({ kind: 'failed_precondition', reason: 'NO_SPECIMEN_CARD' });
      expect(refusal(request, version({ action: 'revoke' }))).toMatchObject({ reason: 'NO_SPECIMEN_CARD' });
      expect(refusal(request, version())).toBeUndefined();
    }
  });

  it('takes effect from today on, and after the latest version', () => {
    for (const request of [newCard(), change, revocation]) {
      expect(refusal({ ...request, effectiveFrom: addDays(TODAY, -1) }, request.action === 'new' ? undefined : version({ effectiveFrom: '2026-05-01' }))).toMatchObject({
        kind: 'failed_precondition',
        reason: 'SPECIMEN_EFFECTIVE_DATE',
      });
    }
    expect(refusal(change, version({ effectiveFrom: '2026-06-10' }))).toMatchObject({ reason: 'SPECIMEN_EFFECTIVE_DATE' });
    expect(refusal(revocation, version({ effectiveFrom: '2026-06-11' }))).toMatchObject({ reason: 'SPECIMEN_EFFECTIVE_DATE' });
  });
});

describe('the card in force (R83)', () => {
  const row = (version: number, action: SpecimenAction, effectiveFrom: string) => ({ version, action, effectiveFrom });

  it('is the latest version effective on the date, none before the first or after a revocation', () => {
    const rows = [row(1, 'new', '2026-06-01'), row(2, 'change', '2026-06-10'), row(3, 'revoke', '2026-07-01'), row(4, 'new', '2026-08-01')];
    expect(cardInForce(rows, '2026-05-31')).toBeUndefined();
    expect(cardInForce(rows, '2026-06-09')?.version).toBe(1);
    expect(cardInForce(rows, '2026-06-10')?.version).toBe(2);
    expect(cardInForce(rows, '2026-06-30')?.version).toBe(2);
    expect(cardInForce(rows, '2026-07-15')).toBeUndefined();
    expect(cardInForce(rows, '2026-08-01')?.version).toBe(4);
  });

  it('agrees with sorting by (effective date, version), whatever the order of the rows', () => {
    const anyRow = fc.record({
      version: fc.integer({ min: 1, max: 50 }),
      action: fc.constantFrom<SpecimenAction>('new', 'change', 'revoke'),
      effectiveFrom: fc.integer({ min: 0, max: 40 }).map((d) => addDays('2026-06-01', d)),
    });
    fc.assert(
      fc.property(fc.uniqueArray(anyRow, { selector: (r) => r.version, maxLength: 12 }), fc.integer({ min: -2, max: 42 }), (rows, d) => {
        const date = addDays('2026-06-01', d);
        const sorted = rows.filter((r) => r.effectiveFrom <= date).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.version - b.version);
        const last = sorted[sorted.length - 1];
        expect(cardInForce(rows, date)).toBe(last?.action === 'revoke' ? undefined : last);
      }),
    );
  });
});

describe('checking a presented document against the card (R83)', () => {
  const content = Buffer.from('收入退还申请书 2026-117: 退还 1,200.00 元');
  const sealWith = (keys: SealKeyPair, algorithm: SealAlgorithm, signed: Uint8Array = content) =>
    signSeal(
      { version: SEAL_SIGNATURE_VERSION, sealId: 'unit', signedAt: new Date('2026-06-03T02:00:00Z'), dataHash: contentHash(signed), documentReference: 'REF-117', signerUserId: 'FB' },
      algorithm,
      keys.privateKeyPkcs8,
    );

  describe.each(SEAL_ALGORITHMS)('electronically, with %s keys', (algorithm) => {
    const unitKeys = generateSealKeyPair(algorithm);
    const representativeKeys = generateSealKeyPair(algorithm);
    const card: CardSeals = {
      version: 3,
      unitSeal: { imprint: 'IMP-7', publicKeySpki: unitKeys.publicKeySpki },
      representativeSeal: { imprint: '李四印', publicKeySpki: representativeKeys.publicKeySpki },
    };
    const presented: Electronic = { method: 'electronic', content, unitSignature: sealWith(unitKeys, algorithm), representativeSignature: sealWith(representativeKeys, algorithm) };
    const check = (overrides: Partial<Electronic>, on: CardSeals = card) => refusalOfCall(() => verifyPresentation(on, { ...presented, ...overrides }));

    it('accepts both seals made by the keys on the card over this content', () => {
      expect(check({})).toBeUndefined();
    });

    it('finds a seal missing: nothing presented, an empty signature, or no key on the card', () => {
      expect(refusalOfCall(() => verifyPresentation(card, undefined))).toMatchObject({ kind: 'failed_precondition', reason: 'SEAL_MISSING', details: { seal: 'unit' } });
      expect(check({ representativeSignature: new Uint8Array() })).toMatchObject({ reason: 'SEAL_MISSING', details: { seal: 'representative' } });
      expect(check({}, { ...card, unitSeal: { imprint: 'IMP-7', publicKeySpki: null } })).toMatchObject({ reason: 'SEAL_MISSING', details: { seal: 'unit' } });
    });

    it('finds a mismatch: swapped or foreign keys, changed content, junk', () => {
      const other = SEAL_ALGORITHMS.find((a) => a !== algorithm)!;
      const mismatches: [Partial<Electronic>, string][] = [
        [{ unitSignature: presented.representativeSignature }, 'unit'],
        [{ representativeSignature: sealWith(generateSealKeyPair(algorithm), algorithm) }, 'representative'],
        [{ unitSignature: sealWith(generateSealKeyPair(other), other) }, 'unit'],
        [{ content: Buffer.from('收入退还申请书 2026-117: 退还 9,200.00 元') }, 'unit'],
        [{ representativeSignature: Buffer.from('not a signature') }, 'representative'],
      ];
      for (const [overrides, seal] of mismatches) expect(check(overrides)).toMatchObject({ kind: 'failed_precondition', reason: 'SEAL_MISMATCH', details: { seal } });
    });
  });

  describe('on paper', () => {
    const card: CardSeals = { version: 1, unitSeal: { imprint: 'IMP-7', publicKeySpki: null }, representativeSeal: { imprint: '李四印', publicKeySpki: null } };
    const check = (unitImprint: string, representativeImprint: string) => refusalOfCall(() => verifyPresentation(card, { method: 'paper', unitImprint, representativeImprint }));

    it('accepts the imprints on the card, whatever whitespace surrounds them', () => {
      const padding = fc.stringMatching(/^[ \t\n]{0,3}$/);
      fc.assert(
        fc.property(padding, padding, (before, after) => {
          expect(check(`${before}IMP-7${after}`, `${after}李四印${before}`)).toBeUndefined();
        }),
      );
    });

    it('finds a blank imprint missing and any other a mismatch', () => {
      expect(check('IMP-7', ' ')).toMatchObject({ reason: 'SEAL_MISSING', details: { seal: 'representative' } });
      expect(check('IMP-8', '李四印')).toMatchObject({ reason: 'SEAL_MISMATCH', details: { seal: 'unit' } });
      expect(check('IMP-7', '李 四印')).toMatchObject({ reason: 'SEAL_MISMATCH', details: { seal: 'representative' } });
    });
  });
});
