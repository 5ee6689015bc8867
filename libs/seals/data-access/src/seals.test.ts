import { randomBytes, randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import type { Actor, Post } from '@jinku/kernel';
import { refusalOf } from '@jinku/kernel/testing';
import { decodeSealSignature, sm2PointFromSpki, type SealedDocument } from '@jinku/seals-domain';
import { sm2 } from 'sm-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealKeyring, type SealKeyring } from './keyring';
import { sealsMigrations } from './migrations';
import type { SealRegistration } from '@jinku/seals-domain';
import { createSeals, type Seals } from './seals';

let database: TestDatabase;
let seals: Seals;
let keyring: SealKeyring;
const key1 = randomBytes(32).toString('base64');

const person = (userId: string, posts: Post[], treasuryId = 'SZ-FUTIAN'): Actor => ({
  kind: 'person',
  userId,
  login: userId,
  treasuryId,
  posts,
  scopes: [],
  reach: [treasuryId],
  jurisdictionId: 'SZ',
});

const admin = person('u-admin', ['system_admin']);
const supervisor = person('u-supervisor', ['accounting_supervisor']);
const head = person('u-head', ['department_head']);
const keeper = person('u-keeper', ['reviewer']);
const operator = person('u-operator', ['income_operator']);
const voucher = { reference: 'TV-2026-11-23-017', content: Buffer.from('转账凭证 017: 借 2011 贷 501100 1,234.56') };

const verify = async (signature: Uint8Array, content: Uint8Array) => (await seals.verify(operator, signature, content)).outcome;

const registration = (algorithm: SealRegistration['algorithm'], overrides: Partial<SealRegistration> = {}): SealRegistration => ({
  kind: 'business',
  name: '中国人民银行深圳市福田区支库（代理）国库业务专用章',
  custodianUserId: keeper.userId,
  imprint: 'round, dated; impression filed as IMP-2026-031',
  algorithm,
  ...overrides,
});

const people = new Map([admin, supervisor, head, keeper, operator].map((p) => [p.userId, p]));
const personOf = async (userId: string) => people.get(userId) ?? Promise.reject(new Error(`no person ${userId}`));

beforeAll(async () => {
  database = await createTestDatabase([sealsMigrations]);
  keyring = sealKeyring('k1', { k1: key1 });
  seals = createSeals(database, { keyring, personOf });
});

/** What an approved seal_registration request does (the approval route itself is tested through gRPC). */
async function register(initiator: Actor, entered: SealRegistration, within: Seals = seals) {
  const checked = await within.checkRegistration(initiator.treasuryId, entered);
  return database.sql.begin((tx) => within.registerWithin(tx, { requestId: '1', treasuryId: initiator.treasuryId, initiator }, checked));
}

const apply = (actor: Actor, sealId: string, document: SealedDocument | undefined, idempotencyKey: string = randomUUID(), within: Seals = seals) =>
  within.apply(actor, sealId, document && { ...document, idempotencyKey });

afterAll(async () => {
  await database?.drop();
});

async function sealInUse(algorithm: SealRegistration['algorithm'], overrides: Partial<SealRegistration> = {}) {
  const seal = await register(supervisor, registration(algorithm, overrides));
  await seals.putInUse(supervisor, seal.id);
  return seal;
}

describe('registering and the lifecycle (R80–R81)', () => {
  it('is registered with its approval request; the view carries no key', async () => {
    const seal = await register(admin, registration('sm2_sm3'));
    expect(seal).toMatchObject({ status: 'registered', kind: 'business', treasuryId: 'SZ-FUTIAN', registeredBy: 'u-admin', approvalRequestId: '1' });
    expect(JSON.stringify(seal)).not.toMatch(/PRIVATE|privateKey/i);
  });

  it('refuses at entry a custodian who is not a person of the treasury, and a missing imprint', async () => {
    expect(await refusalOf(seals.checkRegistration('SZ-FUTIAN', registration('sm2_sm3', { custodianUserId: 'u-stranger' })))).toMatchObject({
      kind: 'failed_precondition',
      reason: 'CUSTODIAN_UNKNOWN',
    });
    expect(await refusalOf(seals.checkRegistration('SZ-FUTIAN', registration('sm2_sm3', { imprint: ' ' })))).toMatchObject({ reason: 'MISSING_SEAL_FIELD' });
  });

  it('goes in use, stopped, sealed away and destroyed by the posts R81 names, and never back', async () => {
    const seal = await register(supervisor, registration('ed25519'));
    expect(await refusalOf(seals.putInUse(head, seal.id))).toMatchObject({ reason: 'POST_MAY_NOT_MANAGE_SEALS' });
    expect((await seals.putInUse(supervisor, seal.id)).status).toBe('in_use');
    expect(await refusalOf(seals.destroy(head, seal.id))).toMatchObject({ kind: 'failed_precondition', reason: 'SEAL_TRANSITION_NOT_ALLOWED' });
    expect((await seals.stop(supervisor, seal.id)).status).toBe('stopped');
    expect(await refusalOf(seals.putInUse(supervisor, seal.id))).toMatchObject({ reason: 'SEAL_TRANSITION_NOT_ALLOWED' });
    expect(await refusalOf(seals.sealAway(supervisor, seal.id))).toMatchObject({ reason: 'POST_MAY_NOT_MANAGE_SEALS' });
    expect((await seals.sealAway(head, seal.id)).status).toBe('sealed_away');
    expect((await seals.destroy(head, seal.id)).status).toBe('destroyed');
    // The impression stays on record after destruction.
    expect(await seals.get(keeper, seal.id)).toMatchObject({ status: 'destroyed', imprint: 'round, dated; impression filed as IMP-2026-031' });
  });

  it("does not show or change another treasury's seal", async () => {
    const seal = await register(supervisor, registration('ed25519'));
    const elsewhere = person('u-sup-2', ['accounting_supervisor'], 'SZ-LUOHU');
    expect(await refusalOf(seals.putInUse(elsewhere, seal.id))).toMatchObject({ kind: 'not_found', reason: 'SEAL_NOT_FOUND' });
  });
});

describe.each(['sm2_sm3', 'ed25519'] as const)('applying a %s seal (R82)', (algorithm) => {
  it('signs a named document with content for its custodian; the signature verifies', async () => {
    const seal = await sealInUse(algorithm);
    const applied = await apply(keeper, seal.id, voucher);
    expect(await verify(applied.signature, voucher.content)).toBe('valid');
  });

  it('refuses sealing with no document or a blank, writing nothing', async () => {
    const seal = await sealInUse(algorithm);
    expect(await refusalOf(apply(keeper, seal.id, undefined))).toMatchObject({ kind: 'invalid_argument', reason: 'NO_DOCUMENT' });
    expect(await refusalOf(apply(keeper, seal.id, { reference: 'TV-1', content: Buffer.from('   ') }))).toMatchObject({ reason: 'BLANK_DOCUMENT' });
    const [uses] = await database.sql`select count(*)::int as n from seals.seal_uses where seal_id = ${seal.id}`;
    expect(uses!['n']).toBe(0);
  });

  it('refuses anyone but the custodian, and a personal name seal to anyone but its owner', async () => {
    const seal = await sealInUse(algorithm);
    expect(await refusalOf(apply(operator, seal.id, voucher))).toMatchObject({ kind: 'permission_denied', reason: 'NOT_SEAL_CUSTODIAN' });
    expect(await refusalOf(apply(supervisor, seal.id, voucher))).toMatchObject({ reason: 'NOT_SEAL_CUSTODIAN' });
    const nameSeal = await sealInUse(algorithm, { kind: 'personal_name', name: '张三', custodianUserId: operator.userId });
    expect(await refusalOf(apply(keeper, nameSeal.id, voucher))).toMatchObject({ reason: 'NOT_SEAL_OWNER' });
    expect(await verify((await apply(operator, nameSeal.id, voucher)).signature, voucher.content)).toBe('valid');
  });

  it('refuses a stopped seal, while a document sealed before the stop still verifies', async () => {
    const seal = await sealInUse(algorithm);
    const before = await apply(keeper, seal.id, voucher);
    await seals.stop(supervisor, seal.id);
    expect(await refusalOf(apply(keeper, seal.id, voucher))).toMatchObject({ kind: 'failed_precondition', reason: 'SEAL_NOT_IN_USE' });
    expect(await verify(before.signature, voucher.content)).toBe('valid');
  });

  it('detects content changed after sealing', async () => {
    const seal = await sealInUse(algorithm);
    const applied = await apply(keeper, seal.id, voucher);
    expect(await verify(applied.signature, Buffer.from(voucher.content.toString().replace('1,234.56', '9,234.56')))).toBe('content_changed');
  });
});

describe('handover and the use log (R82)', () => {
  const handOver = async (initiator: Actor, sealId: string, toUserId: string) => {
    const checked = await seals.checkHandover(initiator, { sealId, toUserId, reason: 'keeper on transfer' });
    return database.sql.begin((tx) => seals.handOverWithin(tx, { requestId: '2', treasuryId: initiator.treasuryId, initiator }, checked));
  };

  it('moves the seal to the new custodian: only they apply it from then on, and the registry shows them', async () => {
    const seal = await sealInUse('ed25519');
    expect(await refusalOf(seals.checkHandover(operator, { sealId: seal.id, toUserId: operator.userId, reason: 'taking it' }))).toMatchObject({
      reason: 'NOT_SEAL_CUSTODIAN',
    });
    expect(await handOver(keeper, seal.id, operator.userId)).toMatchObject({ fromUserId: keeper.userId, toUserId: operator.userId });
    expect(await refusalOf(apply(keeper, seal.id, voucher))).toMatchObject({ reason: 'NOT_SEAL_CUSTODIAN' });
    expect(await verify((await apply(operator, seal.id, voucher)).signature, voucher.content)).toBe('valid');
    expect((await seals.list(keeper)).find((s) => s.id === seal.id)).toMatchObject({ custodianUserId: operator.userId, status: 'in_use' });
    // The handover entered before the seal changed hands no longer stands.
    await expect(handOver(keeper, seal.id, head.userId)).rejects.toMatchObject({ reason: 'NOT_SEAL_CUSTODIAN' });
  });

  it('never hands over a personal name seal, nor to a stranger', async () => {
    const nameSeal = await sealInUse('ed25519', { kind: 'personal_name', name: '李四', custodianUserId: keeper.userId });
    expect(await refusalOf(seals.checkHandover(keeper, { sealId: nameSeal.id, toUserId: operator.userId, reason: 'x' }))).toMatchObject({ reason: 'SEAL_NOT_TRANSFERABLE' });
    const seal = await sealInUse('ed25519');
    expect(await refusalOf(seals.checkHandover(keeper, { sealId: seal.id, toUserId: 'u-stranger', reason: 'x' }))).toMatchObject({ reason: 'CUSTODIAN_UNKNOWN' });
  });

  it('answers a retry with the first application and logs one use; the same key on another document is refused', async () => {
    const seal = await sealInUse('sm2_sm3');
    const first = await apply(keeper, seal.id, voucher, 'seal-retry-1');
    const again = await apply(keeper, seal.id, voucher, 'seal-retry-1');
    expect(again).toEqual(first);
    expect(await refusalOf(apply(keeper, seal.id, { ...voucher, reference: 'TV-OTHER' }, 'seal-retry-1'))).toMatchObject({ kind: 'already_exists', reason: 'IDEMPOTENCY_KEY_REUSED' });
    const uses = await seals.uses(keeper, seal.id, 0);
    expect(uses).toHaveLength(1);
    expect(uses[0]).toMatchObject({ useId: first.useId, userId: keeper.userId, documentReference: voucher.reference });
  });
});

describe('verification and keys', () => {
  it('exports an SM2 verifier whose key sm-crypto accepts for the signature over the signed bytes', async () => {
    const seal = await sealInUse('sm2_sm3');
    const applied = await apply(keeper, seal.id, voucher);
    const verifier = await seals.exportVerifier(operator, seal.id);
    expect(verifier.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(verifier.publicKeyPem).not.toMatch(/PRIVATE/);
    const spki = Buffer.from(verifier.publicKeyPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    const point = sm2PointFromSpki(spki);
    const decoded = decodeSealSignature(applied.signature)!;
    const publicHex = `04${point.x.toString(16).padStart(64, '0')}${point.y.toString(16).padStart(64, '0')}`;
    expect(sm2.doVerifySignature(Array.from(decoded.tbsDer), Buffer.from(decoded.signature).toString('hex'), publicHex, { hash: true, der: true })).toBe(true);
  });

  it('says unknown_seal for a signature of a seal this registry does not hold', async () => {
    const seal = await sealInUse('ed25519');
    const applied = await apply(keeper, seal.id, voucher);
    const other = await createTestDatabase([sealsMigrations]);
    try {
      expect((await createSeals(other, { keyring, personOf }).verify(operator, applied.signature, voucher.content)).outcome).toBe('unknown_seal');
    } finally {
      await other.drop();
    }
  });

  it('stores the private key encrypted, never in plaintext, under the current key id; rotated keys still decrypt old seals', async () => {
    const seal = await sealInUse('sm2_sm3');
    const [row] = await database.sql<{ encryption_key_id: string; ciphertext: Buffer }[]>`select encryption_key_id, ciphertext from seals.seal_keys where seal_id = ${seal.id}`;
    expect(row!.encryption_key_id).toBe('k1');
    // A PKCS#8 key starts with a DER SEQUENCE and names its algorithm; the stored bytes do neither.
    expect(row!.ciphertext.subarray(0, 2).equals(Buffer.from([0x30, 0x81]))).toBe(false);
    expect(row!.ciphertext.includes(Buffer.from('2a811ccf5501822d', 'hex'))).toBe(false); // the SM2 curve OID
    const rotated = createSeals(database, { keyring: sealKeyring('k2', { k1: key1, k2: randomBytes(32).toString('base64') }), personOf });
    const fresh = await register(supervisor, registration('ed25519'), rotated);
    await rotated.putInUse(supervisor, fresh.id);
    const [freshRow] = await database.sql`select encryption_key_id from seals.seal_keys where seal_id = ${fresh.id}`;
    expect(freshRow!['encryption_key_id']).toBe('k2');
    expect((await rotated.verify(operator, (await apply(keeper, seal.id, voucher, randomUUID(), rotated)).signature, voucher.content)).outcome).toBe('valid');
    expect((await rotated.verify(operator, (await apply(keeper, fresh.id, voucher, randomUUID(), rotated)).signature, voucher.content)).outcome).toBe('valid');
  });

  it('keeps the registry, history, keys and uses append-only, even by direct SQL', async () => {
    const seal = await sealInUse('ed25519');
    await apply(keeper, seal.id, voucher);
    for (const statement of [
      database.sql`update seals.seals set custodian_user_id = 'u-thief' where id = ${seal.id}`,
      database.sql`delete from seals.seal_events where seal_id = ${seal.id}`,
      database.sql`update seals.seal_keys set encryption_key_id = 'k9' where seal_id = ${seal.id}`,
      database.sql`delete from seals.seal_uses where seal_id = ${seal.id}`,
    ]) {
      await expect(statement).rejects.toMatchObject({ code: '23001' });
    }
  });
});
