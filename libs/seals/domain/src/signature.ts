import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
// asn1js (PKI.js's ASN.1 layer, maintained by PeculiarVentures): a small, dependency-light BER/DER codec
// that keeps each element's raw bytes, so a verifier checks the signature over exactly the bytes signed.
import * as asn1js from 'asn1js';
import { wasInUseAt, type SealStatusChange } from './seal';
import { sm2PointFromSpki, sm2Sign, sm2Verify, sm3Hash } from './sm2';

/**
 * An electronic seal's signature, shaped after GM/T 0031's SES_Signature (simplified: the seal itself is
 * named by its registry id, not embedded):
 *
 *   SealSignature ::= SEQUENCE {
 *     toSign             SealSignatureTbs,
 *     signatureAlgorithm OBJECT IDENTIFIER,  -- 1.2.156.10197.1.501 SM2-with-SM3 | 1.3.101.112 Ed25519
 *     signature          BIT STRING }        -- SM2: DER SEQUENCE { r, s }; Ed25519: the 64 bytes
 *   SealSignatureTbs ::= SEQUENCE {
 *     version       INTEGER (1),
 *     sealId        UTF8String,
 *     timeInfo      GeneralizedTime,
 *     dataHashAlg   OBJECT IDENTIFIER,       -- 1.2.156.10197.1.401 SM3
 *     dataHash      OCTET STRING,            -- SM3 of the document's content
 *     propertyInfo  SEQUENCE { documentReference UTF8String, signerUserId UTF8String } }
 *
 * SM2 signs the DER of SealSignatureTbs with e = SM3(Z || M), user id '1234567812345678' (see sm2.ts).
 */

export const SEAL_ALGORITHMS = ['sm2_sm3', 'ed25519'] as const;
export type SealAlgorithm = (typeof SEAL_ALGORITHMS)[number];

const ALGORITHM_OIDS: Record<SealAlgorithm, string> = { sm2_sm3: '1.2.156.10197.1.501', ed25519: '1.3.101.112' };
const SM3_OID = '1.2.156.10197.1.401';
export const SEAL_SIGNATURE_VERSION = 1;

export interface SealSignatureTbs {
  readonly version: number;
  readonly sealId: string;
  readonly signedAt: Date;
  readonly dataHash: Uint8Array;
  readonly documentReference: string;
  readonly signerUserId: string;
}

export interface DecodedSealSignature {
  readonly tbs: SealSignatureTbs;
  /** The exact DER bytes that were signed. */
  readonly tbsDer: Uint8Array;
  readonly algorithm: SealAlgorithm;
  readonly signature: Uint8Array;
}

export interface SealKeyPair {
  /** SubjectPublicKeyInfo, DER. */
  readonly publicKeySpki: Buffer;
  /** PKCS#8, DER: never leaves the data-access lib except encrypted. */
  readonly privateKeyPkcs8: Buffer;
}

export function generateSealKeyPair(algorithm: SealAlgorithm): SealKeyPair {
  const pair = algorithm === 'sm2_sm3' ? generateKeyPairSync('ec', { namedCurve: 'SM2' }) : generateKeyPairSync('ed25519');
  return {
    publicKeySpki: pair.publicKey.export({ type: 'spki', format: 'der' }),
    privateKeyPkcs8: pair.privateKey.export({ type: 'pkcs8', format: 'der' }),
  };
}

export function encodeTbs(tbs: SealSignatureTbs): Buffer {
  const sequence = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: tbs.version }),
      new asn1js.Utf8String({ value: tbs.sealId }),
      new asn1js.GeneralizedTime({ valueDate: tbs.signedAt }),
      new asn1js.ObjectIdentifier({ value: SM3_OID }),
      new asn1js.OctetString({ valueHex: tbs.dataHash }),
      new asn1js.Sequence({ value: [new asn1js.Utf8String({ value: tbs.documentReference }), new asn1js.Utf8String({ value: tbs.signerUserId })] }),
    ],
  });
  return Buffer.from(sequence.toBER(false));
}

function encodeSm2Value(r: bigint, s: bigint): Buffer {
  return Buffer.from(new asn1js.Sequence({ value: [asn1js.Integer.fromBigInt(r), asn1js.Integer.fromBigInt(s)] }).toBER(false));
}

/**
 * The whole of `der` as one ASN.1 value, or undefined when it is not: trailing bytes, or bytes asn1js cannot read —
 * it throws on some (a BMPString of odd length raises a RangeError), and bytes from outside must never throw.
 */
export function parseWholeBer(der: Uint8Array): asn1js.AsnType | undefined {
  try {
    const parsed = asn1js.fromBER(der);
    return parsed.offset === der.length ? parsed.result : undefined;
  } catch {
    return undefined;
  }
}

function decodeSm2Value(der: Uint8Array): { r: bigint; s: bigint } | undefined {
  const value = parseWholeBer(der);
  if (!(value instanceof asn1js.Sequence)) return undefined;
  const [r, s] = value.valueBlock.value;
  if (!(r instanceof asn1js.Integer) || !(s instanceof asn1js.Integer)) return undefined;
  return { r: r.toBigInt(), s: s.toBigInt() };
}

/**
 * The scalar d of an SM2 PKCS#8 key, read with asn1js: Node cannot be asked (a PKCS#8 SM2 key re-imported
 * into Node 20 becomes OpenSSL's SM2 key type, which Node neither names nor exports — it aborts the process).
 */
function sm2ScalarFromPkcs8(pkcs8: Uint8Array): bigint {
  const info = asn1js.fromBER(pkcs8).result;
  const inner = info instanceof asn1js.Sequence ? info.valueBlock.value[2] : undefined;
  if (!(inner instanceof asn1js.OctetString)) throw new Error('not a PKCS#8 private key');
  const ecPrivateKey = asn1js.fromBER(inner.valueBlock.valueHexView).result;
  const scalar = ecPrivateKey instanceof asn1js.Sequence ? ecPrivateKey.valueBlock.value[1] : undefined;
  if (!(scalar instanceof asn1js.OctetString)) throw new Error('not an EC private key');
  return BigInt(`0x${Buffer.from(scalar.valueBlock.valueHexView).toString('hex')}`);
}

/**
 * Signs the DER of `tbs` with the seal's private key; returns the DER SealSignature. The seal's public key
 * on record (SPKI), when given, spares SM2 deriving it again.
 */
export function signSeal(tbs: SealSignatureTbs, algorithm: SealAlgorithm, privateKeyPkcs8: Uint8Array, publicKeySpki?: Uint8Array): Buffer {
  const tbsDer = encodeTbs(tbs);
  let value: Buffer;
  if (algorithm === 'sm2_sm3') {
    const { r, s } = sm2Sign(tbsDer, sm2ScalarFromPkcs8(privateKeyPkcs8), undefined, publicKeySpki && sm2PointFromSpki(publicKeySpki));
    value = encodeSm2Value(r, s);
  } else {
    value = nodeSign(null, tbsDer, createPrivateKey({ key: Buffer.from(privateKeyPkcs8), format: 'der', type: 'pkcs8' }));
  }
  const sequence = new asn1js.Sequence({
    value: [asn1js.fromBER(tbsDer).result, new asn1js.ObjectIdentifier({ value: ALGORITHM_OIDS[algorithm] }), new asn1js.BitString({ valueHex: value })],
  });
  return Buffer.from(sequence.toBER(false));
}

/** Parses a DER SealSignature; undefined when it is not one (malformed, BER, or unknown algorithm). */
export function decodeSealSignature(der: Uint8Array): DecodedSealSignature | undefined {
  try {
    const parsed = asn1js.fromBER(der);
    if (parsed.offset !== der.length || !(parsed.result instanceof asn1js.Sequence)) return undefined;
    const [tbsBlock, oid, bits] = parsed.result.valueBlock.value;
    if (!(tbsBlock instanceof asn1js.Sequence) || !(oid instanceof asn1js.ObjectIdentifier) || !(bits instanceof asn1js.BitString)) return undefined;
    const algorithm = SEAL_ALGORITHMS.find((name) => ALGORITHM_OIDS[name] === oid.valueBlock.toString());
    if (!algorithm) return undefined;
    const [version, sealId, time, hashOid, hash, property] = tbsBlock.valueBlock.value;
    if (
      !(version instanceof asn1js.Integer) ||
      !(sealId instanceof asn1js.Utf8String) ||
      !(time instanceof asn1js.GeneralizedTime) ||
      !(hashOid instanceof asn1js.ObjectIdentifier) ||
      hashOid.valueBlock.toString() !== SM3_OID ||
      !(hash instanceof asn1js.OctetString) ||
      !(property instanceof asn1js.Sequence)
    ) {
      return undefined;
    }
    const [reference, signer] = property.valueBlock.value;
    if (!(reference instanceof asn1js.Utf8String) || !(signer instanceof asn1js.Utf8String)) return undefined;
    const tbs: SealSignatureTbs = {
      version: version.valueBlock.valueDec,
      sealId: sealId.valueBlock.value,
      signedAt: time.toDate(),
      dataHash: new Uint8Array(hash.valueBlock.valueHexView),
      documentReference: reference.valueBlock.value,
      signerUserId: signer.valueBlock.value,
    };
    const tbsDer = new Uint8Array(tbsBlock.valueBeforeDecodeView);
    // DER only: the signed bytes must be the canonical encoding of what they say.
    if (tbs.version !== SEAL_SIGNATURE_VERSION || !encodeTbs(tbs).equals(tbsDer)) return undefined;
    return { tbs, tbsDer, algorithm, signature: new Uint8Array(bits.valueBlock.valueHexView) };
  } catch {
    return undefined;
  }
}

/** Whether `decoded.signature` is the seal key's signature over `decoded.tbsDer`. */
export function isSignatureValid(decoded: DecodedSealSignature, publicKeySpki: Uint8Array): boolean {
  try {
    if (decoded.algorithm === 'sm2_sm3') {
      const value = decodeSm2Value(decoded.signature);
      return value !== undefined && sm2Verify(decoded.tbsDer, value, sm2PointFromSpki(publicKeySpki));
    }
    const key = createPublicKey({ key: Buffer.from(publicKeySpki), format: 'der', type: 'spki' });
    return nodeVerify(null, decoded.tbsDer, key, decoded.signature);
  } catch {
    return false;
  }
}

export const contentHash = (content: Uint8Array): Buffer => sm3Hash(content);

/**
 * What verifying a sealed document finds. `signature_invalid` (a fifth outcome) is a signature that does
 * not parse or was not made by the seal's key: forged or corrupted, as opposed to a document changed after
 * an honest sealing (`content_changed`).
 */
export type VerificationOutcome = 'valid' | 'content_changed' | 'seal_not_in_use_on_that_date' | 'unknown_seal' | 'signature_invalid';

export interface SealOnRecord {
  readonly algorithm: SealAlgorithm;
  readonly publicKeySpki: Uint8Array;
  readonly history: readonly SealStatusChange[];
}

export function verificationOutcome(decoded: DecodedSealSignature | undefined, seal: SealOnRecord | undefined, content: Uint8Array): VerificationOutcome {
  if (!decoded) return 'signature_invalid';
  if (!seal) return 'unknown_seal';
  if (seal.algorithm !== decoded.algorithm || !isSignatureValid(decoded, seal.publicKeySpki)) return 'signature_invalid';
  if (!contentHash(content).equals(Buffer.from(decoded.tbs.dataHash))) return 'content_changed';
  if (!wasInUseAt(seal.history, decoded.tbs.signedAt)) return 'seal_not_in_use_on_that_date';
  return 'valid';
}
