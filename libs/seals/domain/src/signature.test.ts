import { describe, expect, it } from 'vitest';
import {
  contentHash,
  decodeSealSignature,
  encodeTbs,
  generateSealKeyPair,
  signSeal,
  verificationOutcome,
  type SealAlgorithm,
  type SealOnRecord,
  type SealSignatureTbs,
} from './signature';

const content = Buffer.from('国库业务专用章 applied to transfer voucher 2026-11-23 no. 17');
const put = new Date('2026-11-01T08:00:00.000Z');
const stop = new Date('2026-11-30T17:00:00.000Z');

function sealed(algorithm: SealAlgorithm, signedAt = new Date('2026-11-23T10:15:30.123Z')) {
  const keys = generateSealKeyPair(algorithm);
  const tbs: SealSignatureTbs = { version: 1, sealId: 'seal-1', signedAt, dataHash: contentHash(content), documentReference: 'TV-2026-11-23-17', signerUserId: 'u-custodian' };
  const der = signSeal(tbs, algorithm, keys.privateKeyPkcs8);
  const seal: SealOnRecord = {
    algorithm,
    publicKeySpki: keys.publicKeySpki,
    history: [
      { status: 'registered', at: new Date('2026-10-30T00:00:00Z') },
      { status: 'in_use', at: put },
      { status: 'stopped', at: stop },
    ],
  };
  return { der, seal, tbs };
}

describe.each(['sm2_sm3', 'ed25519'] as const)('a %s seal signature', (algorithm) => {
  it('round-trips through DER with the exact time, hash and property info', () => {
    const { der, tbs } = sealed(algorithm);
    const decoded = decodeSealSignature(der)!;
    expect(decoded.algorithm).toBe(algorithm);
    expect(decoded.tbs.signedAt.toISOString()).toBe(tbs.signedAt.toISOString());
    expect(Buffer.from(decoded.tbs.dataHash).equals(contentHash(content))).toBe(true);
    expect(decoded.tbs.documentReference).toBe('TV-2026-11-23-17');
    expect(Buffer.from(decoded.tbsDer).equals(encodeTbs(tbs))).toBe(true);
  });

  it('is valid for the content sealed, content_changed for any other', () => {
    const { der, seal } = sealed(algorithm);
    expect(verificationOutcome(decodeSealSignature(der), seal, content)).toBe('valid');
    expect(verificationOutcome(decodeSealSignature(der), seal, Buffer.from(`${content.toString()} (amended)`))).toBe('content_changed');
  });

  it('is seal_not_in_use_on_that_date when signed before the seal was put in use or after it was stopped', () => {
    const before = sealed(algorithm, new Date('2026-10-31T12:00:00Z'));
    expect(verificationOutcome(decodeSealSignature(before.der), before.seal, content)).toBe('seal_not_in_use_on_that_date');
    const after = sealed(algorithm, new Date('2026-12-01T09:00:00Z'));
    expect(verificationOutcome(decodeSealSignature(after.der), after.seal, content)).toBe('seal_not_in_use_on_that_date');
  });

  it('is unknown_seal without a seal on record, signature_invalid for another key or a damaged signature', () => {
    const { der, seal } = sealed(algorithm);
    expect(verificationOutcome(decodeSealSignature(der), undefined, content)).toBe('unknown_seal');
    const other = generateSealKeyPair(algorithm);
    expect(verificationOutcome(decodeSealSignature(der), { ...seal, publicKeySpki: other.publicKeySpki }, content)).toBe('signature_invalid');
    const damaged = Buffer.from(der);
    damaged[damaged.length - 3] = damaged[damaged.length - 3]! ^ 0x01;
    expect(verificationOutcome(decodeSealSignature(damaged), seal, content)).toBe('signature_invalid');
    expect(verificationOutcome(decodeSealSignature(Buffer.from('not a signature')), seal, content)).toBe('signature_invalid');
  });
});
