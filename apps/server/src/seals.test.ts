import { credentials, status, type Metadata } from '@grpc/grpc-js';
import { servicesByReflection } from '@jinku/grpc-kit/testing';
import { approvalsV1, sealsV1 } from '@jinku/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startHarness, valueOf, type Harness } from './testing/harness';

let harness: Harness;
let approvals: approvalsV1.ApprovalsServiceClient;
let seals: sealsV1.SealServiceClient;
const people: Record<'admin' | 'operator' | 'keeper' | 'successor' | 'reviewer' | 'supervisor' | 'head', Metadata> = {} as never;
const voucher = { documentReference: 'TV-2026-11-20-001', content: Buffer.from('转账凭证 001: 借 105100 贷 201103 88.00') };
const { SealVerificationOutcome: Outcome } = sealsV1;

const act = (metadata: Metadata, requestId: string) =>
  call(approvals.actOnRequest.bind(approvals), { requestId, decision: approvalsV1.Decision.DECISION_APPROVE, comment: 'ok', keyElements: undefined }, metadata);
const submit = (metadata: Metadata, idempotencyKey: string, operation: approvalsV1.Operation['operation']) =>
  call(approvals.submitRequest.bind(approvals), { treasuryId: 'SZ', idempotencyKey, documents: [], operation: { operation } }, metadata);

/** Entered by `maker`, reviewed, approved by the supervisor: the request's result. */
async function approved(maker: Metadata, idempotencyKey: string, operation: approvalsV1.Operation['operation']): Promise<Record<string, string>> {
  const entered = valueOf(await submit(maker, idempotencyKey, operation));
  valueOf(await act(people.reviewer, entered.requestId));
  const done = valueOf(await act(people.supervisor, entered.requestId));
  expect(done.status).toBe('executed');
  return done.result;
}

const registration = (name: string, algorithm: string, custodian = harness.userIdOf('sz.keeper')) => ({
  $case: 'sealRegistration' as const,
  value: { kind: 'transfer_done', name, custodianUserId: custodian, imprint: 'triangle, dated; filed as IMP-SZ-07', algorithm },
});

async function sealInUse(name: string, algorithm = 'sm2_sm3'): Promise<string> {
  const { sealId } = await approved(people.admin, `register-${name}`, registration(name, algorithm));
  valueOf(await call(seals.putSealInUse.bind(seals), { sealId: sealId! }, people.supervisor));
  return sealId!;
}

const apply = (metadata: Metadata, sealId: string, idempotencyKey: string, document = voucher) =>
  call(seals.applySeal.bind(seals), { sealId, ...document, idempotencyKey }, metadata);
const verify = async (signature: Buffer, content: Buffer) =>
  valueOf(await call(seals.verifySeal.bind(seals), { signature, content }, people.operator)).outcome;
const useCount = async (sealId: string) => valueOf(await call(seals.listSealUses.bind(seals), { sealId, pageSize: 0 }, people.keeper)).uses.length;

beforeAll(async () => {
  harness = await startHarness();
  people.admin = await harness.personWith('sz.admin', ['system_admin']);
  people.operator = await harness.personWith('sz.operator', ['income_operator']);
  people.keeper = await harness.personWith('sz.keeper', ['reviewer']);
  people.successor = await harness.personWith('sz.successor', ['fiscal_refund_operator']);
  people.reviewer = await harness.personWith('sz.reviewer', ['reviewer']);
  people.supervisor = await harness.personWith('sz.supervisor', ['accounting_supervisor']);
  people.head = await harness.personWith('sz.head', ['department_head']);
  approvals = new approvalsV1.ApprovalsServiceClient(harness.address, credentials.createInsecure());
  seals = new sealsV1.SealServiceClient(harness.address, credentials.createInsecure());
});

afterAll(async () => {
  approvals?.close();
  seals?.close();
  await harness?.stop();
});

describe('SealService', () => {
  it('is offered through reflection, with the specimen and valuable document services', async () => {
    const services = await servicesByReflection(harness.address, credentials.createInsecure());
    expect(services).toEqual(expect.arrayContaining(['jinku.seals.v1.SealService', 'jinku.seals.v1.SpecimenService', 'jinku.seals.v1.ValuableDocumentService']));
  });

  it('registers a seal only through an approved request entered by the admin (R80–R81); an operator may not enter one', async () => {
    expect(await submit(people.operator, 'register-by-operator', registration('不该有的章', 'ed25519'))).toMatchObject({
      ok: false,
      code: status.PERMISSION_DENIED,
      reason: 'POST_MAY_NOT_MANAGE_SEALS',
    });
    const entered = valueOf(await submit(people.admin, 'register-pending', registration('业务转讫章（待批）', 'ed25519')));
    // Nothing is on record until the supervisor approves.
    expect(valueOf(await call(seals.listSeals.bind(seals), {}, people.keeper)).seals.map((s) => s.name)).not.toContain('业务转讫章（待批）');
    valueOf(await act(people.reviewer, entered.requestId));
    const done = valueOf(await act(people.supervisor, entered.requestId));
    const seal = valueOf(await call(seals.getSeal.bind(seals), { sealId: done.result['sealId']! }, people.keeper));
    expect(seal).toMatchObject({ status: sealsV1.SealStatus.SEAL_STATUS_REGISTERED, approvalRequestId: entered.requestId, custodianUserId: harness.userIdOf('sz.keeper') });
  });

  it('refuses sealing with no document or a blank, and logs nothing', async () => {
    const sealId = await sealInUse('业务转讫章 A');
    expect(await apply(people.keeper, sealId, 'no-doc', { documentReference: '', content: Buffer.from('x') })).toMatchObject({ ok: false, code: status.INVALID_ARGUMENT, reason: 'NO_DOCUMENT' });
    expect(await apply(people.keeper, sealId, 'blank', { documentReference: 'TV-9', content: Buffer.from('  ') })).toMatchObject({ ok: false, reason: 'BLANK_DOCUMENT' });
    expect(await useCount(sealId)).toBe(0);
  });

  it('refuses anyone but the custodian', async () => {
    const sealId = await sealInUse('业务转讫章 B', 'ed25519');
    expect(await apply(people.operator, sealId, 'not-mine')).toMatchObject({ ok: false, code: status.PERMISSION_DENIED, reason: 'NOT_SEAL_CUSTODIAN' });
    expect(await useCount(sealId)).toBe(0);
  });

  it('refuses a stopped seal, while a document sealed before the stop still verifies; a changed content is detected', async () => {
    const sealId = await sealInUse('业务转讫章 C');
    const sealed = valueOf(await apply(people.keeper, sealId, 'before-stop'));
    valueOf(await call(seals.stopSeal.bind(seals), { sealId }, people.supervisor));
    expect(await apply(people.keeper, sealId, 'after-stop')).toMatchObject({ ok: false, code: status.FAILED_PRECONDITION, reason: 'SEAL_NOT_IN_USE' });
    expect(await verify(sealed.signature, voucher.content)).toBe(Outcome.SEAL_VERIFICATION_OUTCOME_VALID);
    expect(await verify(sealed.signature, Buffer.from(voucher.content.toString().replace('88.00', '98.00')))).toBe(Outcome.SEAL_VERIFICATION_OUTCOME_CONTENT_CHANGED);
    expect(await verify(Buffer.from('not a signature'), voucher.content)).toBe(Outcome.SEAL_VERIFICATION_OUTCOME_SIGNATURE_INVALID);
  });

  it('hands a seal over through an approved request (R82, R13): the new custodian applies it, the old one no longer', async () => {
    const sealId = await sealInUse('业务转讫章 D', 'ed25519');
    const handover = { $case: 'sealHandover' as const, value: { sealId, toUserId: harness.userIdOf('sz.successor'), reason: 'rotation of duties' } };
    expect(await submit(people.operator, 'handover-by-other', handover)).toMatchObject({ ok: false, reason: 'NOT_SEAL_CUSTODIAN' });
    expect(await approved(people.keeper, 'handover-d', handover)).toMatchObject({ fromUserId: harness.userIdOf('sz.keeper'), toUserId: harness.userIdOf('sz.successor') });
    expect(await apply(people.keeper, sealId, 'old-keeper')).toMatchObject({ ok: false, reason: 'NOT_SEAL_CUSTODIAN' });
    expect(valueOf(await apply(people.successor, sealId, 'new-keeper')).sealId).toBe(sealId);
  });

  it('exports the public key and never a private one; moves through the lifecycle by the posts R81 names', async () => {
    const sealId = await sealInUse('业务转讫章 E');
    const verifier = valueOf(await call(seals.exportSealVerifier.bind(seals), { sealId }, people.operator));
    expect(verifier).toMatchObject({ sealId, algorithm: 'sm2_sm3' });
    expect(verifier.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(verifier.publicKeyPem).not.toMatch(/PRIVATE/);
    expect(await call(seals.sealAway.bind(seals), { sealId }, people.head)).toMatchObject({ ok: false, reason: 'SEAL_TRANSITION_NOT_ALLOWED' });
    expect(await call(seals.stopSeal.bind(seals), { sealId }, people.operator)).toMatchObject({ ok: false, reason: 'POST_MAY_NOT_MANAGE_SEALS' });
    valueOf(await call(seals.stopSeal.bind(seals), { sealId }, people.head));
    valueOf(await call(seals.sealAway.bind(seals), { sealId }, people.head));
    expect(valueOf(await call(seals.destroySeal.bind(seals), { sealId }, people.head)).status).toBe(sealsV1.SealStatus.SEAL_STATUS_DESTROYED);
  });
});
