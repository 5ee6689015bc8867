import { createHash, randomBytes } from 'node:crypto';

/**
 * SM2 digital signatures (GB/T 32918.2) with SM3 (GB/T 32905), on the sm2p256v1 curve.
 *
 * Why our own: Node 20's `crypto.sign('sm3', data, key)` with a key from
 * `generateKeyPairSync('ec', { namedCurve: 'SM2' })` runs **ECDSA** over the SM2 curve (the key's type is
 * `ec`, not `sm2`; Node has no `sm2` key type), so its signatures are not SM2 signatures and no SM2
 * verifier accepts them — checked against sm-crypto in `sm2.test.ts`. Node is still used for the SM3 hash
 * and to generate keys on the curve; the signature equations below are the standard's, over BigInt.
 *
 * The signer's identity is bound in: e = SM3(Z_A || M) with
 * Z_A = SM3(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A), and ID_A the default user id
 * '1234567812345678' (GM/T 0009) unless one is given. The signature is DER `SEQUENCE { r INTEGER, s INTEGER }`.
 */

const P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
const A = 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn;
const B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
const GX = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n;
const GY = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n;

export const SM2_DEFAULT_USER_ID = '1234567812345678';

export interface Sm2Point {
  readonly x: bigint;
  readonly y: bigint;
}

type Jacobian = readonly [bigint, bigint, bigint];

const mod = (a: bigint, m: bigint): bigint => {
  const r = a % m;
  return r < 0n ? r + m : r;
};

function inverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS, m);
}

const INFINITY: Jacobian = [0n, 1n, 0n];

function double([x, y, z]: Jacobian): Jacobian {
  if (z === 0n || y === 0n) return INFINITY;
  const yy = mod(y * y, P);
  const s = mod(4n * x * yy, P);
  const zz = mod(z * z, P);
  const m = mod(3n * x * x + A * zz * zz, P);
  const x3 = mod(m * m - 2n * s, P);
  const y3 = mod(m * (s - x3) - 8n * yy * yy, P);
  const z3 = mod(2n * y * z, P);
  return [x3, y3, z3];
}

function add(p: Jacobian, q: Jacobian): Jacobian {
  if (p[2] === 0n) return q;
  if (q[2] === 0n) return p;
  const z1z1 = mod(p[2] * p[2], P);
  const z2z2 = mod(q[2] * q[2], P);
  const u1 = mod(p[0] * z2z2, P);
  const u2 = mod(q[0] * z1z1, P);
  const s1 = mod(p[1] * q[2] * z2z2, P);
  const s2 = mod(q[1] * p[2] * z1z1, P);
  if (u1 === u2) return s1 === s2 ? double(p) : INFINITY;
  const h = mod(u2 - u1, P);
  const r = mod(s2 - s1, P);
  const hh = mod(h * h, P);
  const hhh = mod(h * hh, P);
  const v = mod(u1 * hh, P);
  const x3 = mod(r * r - hhh - 2n * v, P);
  const y3 = mod(r * (v - x3) - s1 * hhh, P);
  const z3 = mod(p[2] * q[2] * h, P);
  return [x3, y3, z3];
}

function multiply(k: bigint, point: Sm2Point): Jacobian {
  let result = INFINITY;
  let addend: Jacobian = [point.x, point.y, 1n];
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = add(result, addend);
    addend = double(addend);
  }
  return result;
}

function affine([x, y, z]: Jacobian): Sm2Point | undefined {
  if (z === 0n) return undefined;
  const zi = inverse(z, P);
  const zi2 = mod(zi * zi, P);
  return { x: mod(x * zi2, P), y: mod(y * zi2 * zi, P) };
}

const G: Sm2Point = { x: GX, y: GY };

const bytes32 = (n: bigint): Buffer => Buffer.from(n.toString(16).padStart(64, '0'), 'hex');
const toBig = (b: Uint8Array): bigint => (b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString('hex')}`));
const sm3 = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('sm3');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** SM3 of `data` (the seal's data hash). */
export function sm3Hash(data: Uint8Array): Buffer {
  return sm3(data);
}

export function sm2PublicKeyOf(privateKey: bigint): Sm2Point {
  return affine(multiply(privateKey, G))!;
}

export function isOnCurve({ x, y }: Sm2Point): boolean {
  return x >= 0n && x < P && y >= 0n && y < P && mod(y * y - (x * x * x + A * x + B), P) === 0n;
}

/** Z_A of GB/T 32918.2 §5.5: binds the signer's id and public key into every signature. */
export function sm2Z(publicKey: Sm2Point, userId: string = SM2_DEFAULT_USER_ID): Buffer {
  const id = Buffer.from(userId, 'utf8');
  const entl = Buffer.alloc(2);
  entl.writeUInt16BE(id.length * 8);
  return sm3(entl, id, bytes32(A), bytes32(B), bytes32(GX), bytes32(GY), bytes32(publicKey.x), bytes32(publicKey.y));
}

export interface Sm2Signature {
  readonly r: bigint;
  readonly s: bigint;
}

/**
 * Signs with the private scalar; Z needs the public key, which costs a second point multiplication when it
 * must be derived — pass the one on record to skip it.
 */
export function sm2Sign(message: Uint8Array, privateKey: bigint, userId: string = SM2_DEFAULT_USER_ID, publicKey?: Sm2Point): Sm2Signature {
  if (privateKey <= 0n || privateKey >= N - 1n) throw new Error('SM2 private key out of range');
  const e = toBig(sm3(sm2Z(publicKey ?? sm2PublicKeyOf(privateKey), userId), message));
  for (;;) {
    const k = mod(toBig(randomBytes(40)), N - 1n) + 1n;
    const x1 = affine(multiply(k, G))!.x;
    const r = mod(e + x1, N);
    if (r === 0n || r + k === N) continue;
    const s = mod(inverse(1n + privateKey, N) * (k - r * privateKey), N);
    if (s !== 0n) return { r, s };
  }
}

export function sm2Verify(message: Uint8Array, signature: Sm2Signature, publicKey: Sm2Point, userId: string = SM2_DEFAULT_USER_ID): boolean {
  const { r, s } = signature;
  if (r < 1n || r >= N || s < 1n || s >= N || !isOnCurve(publicKey)) return false;
  const t = mod(r + s, N);
  if (t === 0n) return false;
  const point = affine(add(multiply(s, G), multiply(t, publicKey)));
  if (!point) return false;
  const e = toBig(sm3(sm2Z(publicKey, userId), message));
  return mod(e + point.x, N) === r;
}

/** The uncompressed point (04 || x || y) at the end of an SM2 SubjectPublicKeyInfo. */
export function sm2PointFromSpki(spkiDer: Uint8Array): Sm2Point {
  const point = Buffer.from(spkiDer.subarray(spkiDer.length - 65));
  if (point[0] !== 0x04) throw new Error('not an uncompressed SM2 public key');
  return { x: toBig(point.subarray(1, 33)), y: toBig(point.subarray(33)) };
}

/** The scalar d of an SEC1 ECPrivateKey (`30 77 02 01 01 04 20 d…`), as Node exports an SM2 key. */
export function sm2ScalarFromSec1(sec1Der: Uint8Array): bigint {
  const der = Buffer.from(sec1Der);
  if (der[2] !== 0x02 || der[3] !== 0x01 || der[4] !== 0x01 || der[5] !== 0x04 || der[6] !== 0x20) throw new Error('unexpected SEC1 private key layout');
  return toBig(der.subarray(7, 39));
}

export { bytes32 as sm2Bytes32 };
