import { createSign, generateKeyPairSync } from 'node:crypto';
import { sm2 } from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { decodeSealSignature, generateSealKeyPair, signSeal } from './signature';
import { sm2PointFromSpki, sm2ScalarFromSec1, sm2Sign, sm2Verify, sm2Z, sm3Hash } from './sm2';

const hex = (n: bigint): string => n.toString(16).padStart(64, '0');

// An independent implementation (sm-crypto) checks ours, with the Z value of the default user id
// '1234567812345678' (sm-crypto's `hash: true` computes e = SM3(Z || M) with that id).
describe('SM2 with SM3', () => {
  const pair = generateKeyPairSync('ec', { namedCurve: 'SM2' });
  const point = sm2PointFromSpki(pair.publicKey.export({ type: 'spki', format: 'der' }));
  const d = sm2ScalarFromSec1(pair.privateKey.export({ type: 'sec1', format: 'der' }));
  const publicHex = `04${hex(point.x)}${hex(point.y)}`;
  const message = Buffer.from('国家金库深圳分库 2026 年 11 月报表');

  it('hashes the GB/T 32905 example "abc"', () => {
    expect(sm3Hash(Buffer.from('abc')).toString('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('derives the same public key as sm-crypto', () => {
    expect((sm2 as unknown as { getPublicKeyFromPrivateKey(d: string): string }).getPublicKeyFromPrivateKey(hex(d))).toBe(publicHex);
  });

  it('makes signatures sm-crypto verifies with the Z value, and not without it', () => {
    const { r, s } = sm2Sign(message, d);
    const rs = hex(r) + hex(s);
    expect(sm2.doVerifySignature(Array.from(message), rs, publicHex, { hash: true })).toBe(true);
    expect(sm2.doVerifySignature(Array.from(message), rs, publicHex, { hash: false })).toBe(false);
  });

  it('verifies sm-crypto signatures made with the Z value', () => {
    const rs = sm2.doSignature(Array.from(message), hex(d), { hash: true, publicKey: publicHex });
    const signature = { r: BigInt(`0x${rs.slice(0, 64)}`), s: BigInt(`0x${rs.slice(64)}`) };
    expect(sm2Verify(message, signature, point)).toBe(true);
    expect(sm2Verify(Buffer.from('another message'), signature, point)).toBe(false);
    expect(sm2Verify(message, signature, point, 'another-user-id')).toBe(false);
  });

  it('uses the default user id in Z (ENTL 0x0080)', () => {
    expect(sm2Z(point).length).toBe(32);
    expect(sm2Z(point).equals(sm2Z(point, '1234567812345678'))).toBe(true);
  });

  it("is not what Node's crypto.sign('sm3') produces: that is ECDSA over the SM2 curve", () => {
    const nodeSignature = createSign('sm3').update(message).sign(pair.privateKey).toString('hex');
    expect(sm2.doVerifySignature(Array.from(message), nodeSignature, publicHex, { hash: true, der: true })).toBe(false);
  });

  it('a seal signature carries a DER SM2 value sm-crypto verifies over the to-be-signed bytes', () => {
    const keys = generateSealKeyPair('sm2_sm3');
    const der = signSeal({ version: 1, sealId: 's', signedAt: new Date(), dataHash: sm3Hash(message), documentReference: 'R-1', signerUserId: 'u' }, 'sm2_sm3', keys.privateKeyPkcs8);
    const decoded = decodeSealSignature(der)!;
    const keyPoint = sm2PointFromSpki(keys.publicKeySpki);
    const ok = sm2.doVerifySignature(Array.from(decoded.tbsDer), Buffer.from(decoded.signature).toString('hex'), `04${hex(keyPoint.x)}${hex(keyPoint.y)}`, { hash: true, der: true });
    expect(ok).toBe(true);
  });
});
