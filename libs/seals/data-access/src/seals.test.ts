import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import type { Actor, Post } from '@jinku/kernel';
import { refusalOf } from '@jinku/kernel/testing';
import { decodeSealSignature, sm2PointFromSpki } from '@jinku/seals-domain';
import { sm2 } from 'sm-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealKeyring, type SealKeyring } from './keyring';
import { sealsMigrations } from './migrations';
import { createSeals, type SealRegistration, type Seals } from './seals';

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

const registration = (algorithm: SealRegistration['algorithm'], overrides: Partial<SealRegistration> = {}): SealRegistration => ({
  kind: 'business',
  name: '中国人民银行深圳市福田区支库（代理）国库业务专用章',
  custodianUserId: keeper.userId,
  imprint: 'round, dated; impression filed as IMP-2026-031',
  algorithm,
  ...overrides,
});

beforeAll(async () => {
  database = await createTestDatabase([sealsMigrations]);
  keyring = sealKeyring('k1', { k1: key1 });
  seals = createSeals(database, { keyring });
});

afterAll(async () => {
  await database?.drop();
});

async function sealInUse(algorithm: SealRegistration['algorithm'], overrides: Partial<SealRegistration> = {}) {
  const seal = await seals.register(supervisor, registration(algorithm, overrides));
  await seals.putInUse(supervisor, seal.id);
  return seal;
}

describe('registering and the lifecycle (R80–R81)', () => {
  it('is registered by the system admin or the supervisor, never an operator; the view carries no key', async () => {
    const seal = await seals.register(admin, registration('sm2_sm3'));
    expect(seal).toMatchObject({ status: 'registered', kind: 'business', treasuryId: 'SZ-FUTIAN', registeredBy: 'u-admin' });
    expect(JSON.stringify(seal)).not.toMatch(/PRIVATE|privateKey/i);
    expect(await refusalOf(seals.register(operator, registration('sm2_sm3')))).toMatchObject({ kind: 'permission_denied', reason: 'POST_MAY_NOT_MANAGE_SEALS' });
  });

  it('goes in use, stopped, sealed away and destroyed by the posts R81 names, and never back', async () => {
    const seal = await seals.register(supervisor, registration('ed25519'));
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
    const seal = await seals.register(supervisor, registration('ed25519'));
    const elsewhere = person('u-sup-2', ['accounting_supervisor'], 'SZ-LUOHU');
    expect(await refusalOf(seals.putInUse(elsewhere, seal.id))).toMatchObject({ kind: 'not_found', reason: 'SEAL_NOT_FOUND' });
  });
});

describe.each(['sm2_sm3', 'ed25519'] as const)('applying a %s seal (R82)', (algorithm) => {
  it('signs a named document with content for its custodian; the signature verifies', async () => {
    const seal = await sealInUse(algorithm);
    const applied = await seals.apply(keeper, seal.id, voucher);
    expect(await seals.verify(applied.signature, voucher.content)).toBe('valid');
  });

  it('refuses sealing with no document or a blank, writing nothing', async () => {
    const seal = await sealInUse(algorithm);
    expect(await refusalOf(seals.apply(keeper, seal.id, undefined))).toMatchObject({ kind: 'invalid_argument', reason: 'NO_DOCUMENT' });
    expect(await refusalOf(seals.apply(keeper, seal.id, { reference: 'TV-1', content: Buffer.from('   ') }))).toMatchObject({ reason: 'BLANK_DOCUMENT' });
    const [uses] = await database.sql`select count(*)::int as n from seals.seal_uses where seal_id = ${seal.id}`;
    expect(uses!['n']).toBe(0);
  });

  it('refuses anyone but the custodian, and a personal name seal to anyone but its owner', async () => {
    const seal = await sealInUse(algorithm);
    expect(await refusalOf(seals.apply(operator, seal.id, voucher))).toMatchObject({ kind: 'permission_denied', reason: 'NOT_SEAL_CUSTODIAN' });
    expect(await refusalOf(seals.apply(supervisor, seal.id, voucher))).toMatchObject({ reason: 'NOT_SEAL_CUSTODIAN' });
    const nameSeal = await sealInUse(algorithm, { kind: 'personal_name', name: '张三', custodianUserId: operator.userId });
    expect(await refusalOf(seals.apply(keeper, nameSeal.id, voucher))).toMatchObject({ reason: 'NOT_SEAL_OWNER' });
    expect(await seals.verify((await seals.apply(operator, nameSeal.id, voucher)).signature, voucher.content)).toBe('valid');
  });

  it('refuses a stopped seal, while a document sealed before the stop still verifies', async () => {
    const seal = await sealInUse(algorithm);
    const before = await seals.apply(keeper, seal.id, voucher);
    await seals.stop(supervisor, seal.id);
    expect(await refusalOf(seals.apply(keeper, seal.id, voucher))).toMatchObject({ kind: 'failed_precondition', reason: 'SEAL_NOT_IN_USE' });
    expect(await seals.verify(before.signature, voucher.content)).toBe('valid');
  });

  it('detects content changed after sealing', async () => {
    const seal = await sealInUse(algorithm);
    const applied = await seals.apply(keeper, seal.id, voucher);
    expect(await seals.verify(applied.signature, Buffer.from(voucher.content.toString().replace('1,234.56', '9,234.56')))).toBe('content_changed');
  });
});

describe('verification and keys', () => {
  it('exports an SM2 verifier whose key sm-crypto accepts for the signature over the signed bytes', async () => {
    const seal = await sealInUse('sm2_sm3');
    const applied = await seals.apply(keeper, seal.id, voucher);
    const verifier = await seals.exportVerifier(seal.id);
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
    const applied = await seals.apply(keeper, seal.id, voucher);
    const other = await createTestDatabase([sealsMigrations]);
    try {
      expect(await createSeals(other, { keyring }).verify(applied.signature, voucher.content)).toBe('unknown_seal');
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
    const rotated = createSeals(database, { keyring: sealKeyring('k2', { k1: key1, k2: randomBytes(32).toString('base64') }) });
    const fresh = await rotated.register(supervisor, registration('ed25519'));
    await rotated.putInUse(supervisor, fresh.id);
    const [freshRow] = await database.sql`select encryption_key_id from seals.seal_keys where seal_id = ${fresh.id}`;
    expect(freshRow!['encryption_key_id']).toBe('k2');
    expect(await rotated.verify((await rotated.apply(keeper, seal.id, voucher)).signature, voucher.content)).toBe('valid');
    expect(await rotated.verify((await rotated.apply(keeper, fresh.id, voucher)).signature, voucher.content)).toBe('valid');
  });

  it('keeps the registry, history, keys and uses append-only, even by direct SQL', async () => {
    const seal = await sealInUse('ed25519');
    await seals.apply(keeper, seal.id, voucher);
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
