import { credentials, status, type Metadata } from '@grpc/grpc-js';
import { treasuryDate } from '@jinku/kernel';
import { approvalsV1, sealsV1 } from '@jinku/proto';
import { contentHash, generateSealKeyPair, SEAL_SIGNATURE_VERSION, signSeal, type SealKeyPair } from '@jinku/seals-domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startHarness, valueOf, type Harness } from './testing/harness';

let harness: Harness;
let approvals: approvalsV1.ApprovalsServiceClient;
let specimens: sealsV1.SpecimenServiceClient;
const people: Record<'operator' | 'reviewer' | 'supervisor' | 'clerk', Metadata> = {} as never;
const UNIT = 'FB-440304';
const CHANGE_DAY = '2027-03-01';
const letter = Buffer.from('福田区财政局 退库申请 2026-0042: 退还 1,200.00');

/** A card takes effect today at the earliest, in the treasuries' zone. */
const today = () => treasuryDate();
const publicKeyOf = (keys: SealKeyPair) => keys.publicKeySpki.toString('base64');
const sealed = (keys: SealKeyPair, reference: string) =>
  signSeal(
    { version: SEAL_SIGNATURE_VERSION, sealId: UNIT, signedAt: new Date(), dataHash: contentHash(letter), documentReference: reference, signerUserId: UNIT },
    'sm2_sm3',
    keys.privateKeyPkcs8,
  );

const unitKeys = { old: generateSealKeyPair('sm2_sm3'), renewed: generateSealKeyPair('sm2_sm3'), representative: generateSealKeyPair('sm2_sm3') };

const card = (effectiveFrom: string, unitKey: SealKeyPair, unitSealDated = false) => ({
  unitId: UNIT,
  unitKind: 'finance_bureau',
  unitName: '深圳市福田区财政局',
  effectiveFrom,
  unitSeal: { imprint: 'FB-440304 公章 印模 2026-01', publicKey: publicKeyOf(unitKey) },
  representativeName: '王五',
  representativeRole: 'legal_representative',
  representativeSeal: { imprint: 'FB-440304 王五 名章', publicKey: publicKeyOf(unitKeys.representative) },
  documents: [
    { kind: 'application', reference: 'FB-440304/申请/1' },
    { kind: 'representative_certificate', reference: 'FB-440304/法人证明/1' },
    { kind: 'specimen_card', reference: 'FB-440304/印鉴卡/1' },
    { kind: 'introduction_letter', reference: 'FB-440304/介绍信/1' },
    { kind: 'change_application', reference: 'FB-440304/变更申请/1' },
  ],
  unitSealDated,
});

const submit = (idempotencyKey: string, operation: approvalsV1.Operation['operation'], metadata = people.operator) =>
  call(approvals.submitRequest.bind(approvals), { treasuryId: 'SZ', idempotencyKey, documents: [], operation: { operation } }, metadata);
const act = (metadata: Metadata, requestId: string) =>
  call(approvals.actOnRequest.bind(approvals), { requestId, decision: approvalsV1.Decision.DECISION_APPROVE, comment: 'ok', keyElements: undefined }, metadata);
async function approved(idempotencyKey: string, operation: approvalsV1.Operation['operation']) {
  const entered = valueOf(await submit(idempotencyKey, operation));
  valueOf(await act(people.reviewer, entered.requestId));
  expect(valueOf(await act(people.supervisor, entered.requestId)).status).toBe('executed');
}

const verifyElectronic = (documentDate: string, unitKey: SealKeyPair) =>
  call(
    specimens.verifySpecimen.bind(specimens),
    {
      unitId: UNIT,
      documentDate,
      presented: { $case: 'electronic', value: { content: letter, unitSignature: sealed(unitKey, 'refund 0042'), representativeSignature: sealed(unitKeys.representative, 'refund 0042') } },
    },
    people.clerk,
  );

beforeAll(async () => {
  harness = await startHarness();
  people.operator = await harness.personWith('sz.operator', ['income_operator']);
  people.reviewer = await harness.personWith('sz.reviewer', ['reviewer']);
  people.supervisor = await harness.personWith('sz.supervisor', ['accounting_supervisor']);
  people.clerk = await harness.personWith('sz.clerk', ['voucher_clerk']);
  approvals = new approvalsV1.ApprovalsServiceClient(harness.address, credentials.createInsecure());
  specimens = new sealsV1.SpecimenServiceClient(harness.address, credentials.createInsecure());
});

afterAll(async () => {
  approvals?.close();
  specimens?.close();
  await harness?.stop();
});

describe('SpecimenService (R83–R86)', () => {
  it('refuses a dated unit seal at entry and files nothing (R84)', async () => {
    expect(await submit('dated', { $case: 'specimenCardNew', value: card(today(), unitKeys.old, true) })).toMatchObject({
      ok: false,
      code: status.INVALID_ARGUMENT,
      reason: 'SPECIMEN_SEAL_DATED',
    });
    expect(await call(specimens.listSpecimenCards.bind(specimens), { unitId: UNIT }, people.clerk)).toMatchObject({ ok: true, value: { cards: [] } });
  });

  it('checks a document against the card in force on its date, across an approved change, electronic and paper', async () => {
    await approved('card-new', { $case: 'specimenCardNew', value: card(today(), unitKeys.old) });
    await approved('card-change', { $case: 'specimenCardChange', value: card(CHANGE_DAY, unitKeys.renewed) });

    // The day before the change the old card counts; from the change day on, the new one.
    expect(valueOf(await verifyElectronic('2027-02-28', unitKeys.old))).toMatchObject({ cardVersion: 1, method: 'electronic' });
    expect(await verifyElectronic('2027-02-28', unitKeys.renewed)).toMatchObject({ ok: false, code: status.FAILED_PRECONDITION, reason: 'SEAL_MISMATCH' });
    expect(valueOf(await verifyElectronic(CHANGE_DAY, unitKeys.renewed))).toMatchObject({ cardVersion: 2 });
    expect(await verifyElectronic('2027-03-02', unitKeys.old)).toMatchObject({ ok: false, reason: 'SEAL_MISMATCH' });

    const paper = (unitImprint: string) =>
      call(
        specimens.verifySpecimen.bind(specimens),
        { unitId: UNIT, documentDate: CHANGE_DAY, presented: { $case: 'paper', value: { unitImprint, representativeImprint: 'FB-440304 王五 名章' } } },
        people.clerk,
      );
    expect(valueOf(await paper('FB-440304 公章 印模 2026-01'))).toMatchObject({ method: 'paper' });
    expect(await paper('FB-440304 财务专用章')).toMatchObject({ ok: false, reason: 'SEAL_MISMATCH' });
    expect(await paper('')).toMatchObject({ ok: false, reason: 'SEAL_MISSING' });
    expect(await call(specimens.verifySpecimen.bind(specimens), { unitId: UNIT, documentDate: CHANGE_DAY, presented: undefined }, people.clerk)).toMatchObject({
      ok: false,
      reason: 'SEAL_MISSING',
    });

    const versions = valueOf(await call(specimens.listSpecimenCards.bind(specimens), { unitId: UNIT }, people.clerk)).cards;
    expect(versions.map((c) => [c.version, c.action, c.effectiveFrom])).toEqual([
      [1, 'new', today()],
      [2, 'change', CHANGE_DAY],
    ]);
    expect(valueOf(await call(specimens.getSpecimenCard.bind(specimens), { unitId: UNIT, date: '2027-02-28' }, people.clerk)).version).toBe(1);
  });

  it('answers NO_SPECIMEN_CARD for a unit that filed none', async () => {
    expect(await call(specimens.getSpecimenCard.bind(specimens), { unitId: 'FB-000000', date: today() }, people.clerk)).toMatchObject({
      ok: false,
      code: status.FAILED_PRECONDITION,
      reason: 'NO_SPECIMEN_CARD',
    });
  });
});
