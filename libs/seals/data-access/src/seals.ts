import type { Database, Tx } from '@jinku/db';
import { authorize, invalidArgument, notFound, type Actor, type Permission } from '@jinku/kernel';
import {
  assertMayApply,
  assertTransition,
  contentHash,
  decodeSealSignature,
  generateSealKeyPair,
  isSealKind,
  SEAL_ALGORITHMS,
  SEAL_SIGNATURE_VERSION,
  signSeal,
  verificationOutcome,
  type SealAlgorithm,
  type SealedDocument,
  type SealKind,
  type SealStatus,
  type VerificationOutcome,
} from '@jinku/seals-domain';
import { decryptPrivateKey, encryptPrivateKey, type SealKeyring } from './keyring';

export interface SealsOptions {
  readonly keyring: SealKeyring;
  /** The clock of status changes and signatures; tests may fix it. */
  readonly now?: () => Date;
}

export interface SealRegistration {
  readonly kind: SealKind;
  readonly name: string;
  readonly custodianUserId: string;
  readonly imprint: string;
  readonly algorithm: SealAlgorithm;
}

/** A seal as the registry shows it: never its private key. */
export interface SealView {
  readonly id: string;
  readonly treasuryId: string;
  readonly kind: SealKind;
  readonly name: string;
  readonly custodianUserId: string;
  readonly imprint: string;
  readonly algorithm: SealAlgorithm;
  readonly status: SealStatus;
  readonly registeredBy: string;
  readonly registeredAt: Date;
}

export interface SealApplied {
  readonly useId: string;
  readonly sealId: string;
  readonly signedAt: Date;
  /** The DER SealSignature (see @jinku/seals-domain). */
  readonly signature: Buffer;
}

export interface SealVerifier {
  readonly sealId: string;
  readonly algorithm: SealAlgorithm;
  /** SubjectPublicKeyInfo, PEM. */
  readonly publicKeyPem: string;
}

export interface Seals {
  register(actor: Actor, registration: SealRegistration): Promise<SealView>;
  putInUse(actor: Actor, sealId: string): Promise<SealView>;
  stop(actor: Actor, sealId: string): Promise<SealView>;
  sealAway(actor: Actor, sealId: string): Promise<SealView>;
  destroy(actor: Actor, sealId: string): Promise<SealView>;
  get(actor: Actor, sealId: string): Promise<SealView>;
  apply(actor: Actor, sealId: string, document: SealedDocument | undefined): Promise<SealApplied>;
  verify(signatureDer: Uint8Array, content: Uint8Array): Promise<VerificationOutcome>;
  exportVerifier(sealId: string): Promise<SealVerifier>;
}

interface SealRow {
  id: string;
  treasury_id: string;
  kind: SealKind;
  name: string;
  custodian_user_id: string;
  imprint: string;
  algorithm: SealAlgorithm;
  registered_by: string;
  registered_at: Date;
}

const SEAL_ID = /^[1-9][0-9]{0,17}$/;
const sealNotFound = (sealId: string) => notFound('SEAL_NOT_FOUND', `no seal ${sealId.slice(0, 24)} in this treasury`);

export function createSeals(database: Database, options: SealsOptions): Seals {
  const { sql } = database;
  const now = options.now ?? (() => new Date());
  const aad = (sealId: string) => `jinku-seal:${sealId}`;

  async function history(tx: Tx | Database['sql'], sealId: string): Promise<{ status: SealStatus; at: Date; seq: number }[]> {
    return tx<{ status: SealStatus; at: Date; seq: number }[]>`
      select status, at, seq from seals.seal_events where seal_id = ${sealId} order by seq`;
  }

  const view = (row: SealRow, status: SealStatus): SealView => ({
    id: row.id,
    treasuryId: row.treasury_id,
    kind: row.kind,
    name: row.name,
    custodianUserId: row.custodian_user_id,
    imprint: row.imprint,
    algorithm: row.algorithm,
    status,
    registeredBy: row.registered_by,
    registeredAt: row.registered_at,
  });

  /** The actor's own treasury's seal, locked for the rest of the transaction. */
  async function lockSeal(tx: Tx, actor: Actor, sealId: string, mode: 'update' | 'share'): Promise<SealRow> {
    if (!SEAL_ID.test(sealId)) throw sealNotFound(sealId);
    const rows =
      mode === 'update'
        ? await tx<SealRow[]>`select * from seals.seals where id = ${sealId} and treasury_id = ${actor.treasuryId} for update`
        : await tx<SealRow[]>`select * from seals.seals where id = ${sealId} and treasury_id = ${actor.treasuryId} for share`;
    if (!rows[0]) throw sealNotFound(sealId);
    return rows[0];
  }

  function transition(permission: Permission, to: SealStatus) {
    return async (actor: Actor, sealId: string): Promise<SealView> => {
      // Every seal permission reaches the actor's own treasury only; the seal must be of it.
      authorize(actor, permission, actor.treasuryId);
      return sql.begin(async (tx) => {
        const row = await lockSeal(tx, actor, sealId, 'update');
        const events = await history(tx, row.id);
        const last = events[events.length - 1]!;
        assertTransition(last.status, to);
        // Strictly after the last change and the last use, so a document sealed before a stop stays valid.
        const [lastUse] = await tx<{ at: Date | null }[]>`select max(signed_at) as at from seals.seal_uses where seal_id = ${row.id}`;
        const at = new Date(Math.max(now().getTime(), last.at.getTime() + 1, (lastUse?.at?.getTime() ?? 0) + 1));
        await tx`insert into seals.seal_events (seal_id, seq, status, actor_user_id, at) values (${row.id}, ${last.seq + 1}, ${to}, ${actor.userId}, ${at})`;
        return view(row, to);
      });
    };
  }

  return {
    async register(actor, registration) {
      authorize(actor, 'seal.register', actor.treasuryId);
      if (!isSealKind(registration.kind)) throw invalidArgument('UNKNOWN_SEAL_KIND', `no seal kind ${String(registration.kind).slice(0, 40)} (R80)`);
      if (!SEAL_ALGORITHMS.includes(registration.algorithm)) throw invalidArgument('UNKNOWN_SEAL_ALGORITHM', 'seals sign with sm2_sm3 or ed25519');
      for (const field of ['name', 'custodianUserId', 'imprint'] as const) {
        if (registration[field].trim() === '') throw invalidArgument('MISSING_SEAL_FIELD', `a seal is registered with its ${field} (R81)`, { field });
      }
      const keys = generateSealKeyPair(registration.algorithm);
      return sql.begin(async (tx) => {
        const [row] = await tx<SealRow[]>`
          insert into seals.seals (treasury_id, kind, name, custodian_user_id, imprint, algorithm, public_key_spki, registered_by)
          values (${actor.treasuryId}, ${registration.kind}, ${registration.name}, ${registration.custodianUserId}, ${registration.imprint},
                  ${registration.algorithm}, ${keys.publicKeySpki}, ${actor.userId})
          returning id, treasury_id, kind, name, custodian_user_id, imprint, algorithm, registered_by, registered_at`;
        const encrypted = encryptPrivateKey(options.keyring, keys.privateKeyPkcs8, aad(row!.id));
        keys.privateKeyPkcs8.fill(0);
        await tx`
          insert into seals.seal_keys (seal_id, encryption_key_id, iv, ciphertext, auth_tag)
          values (${row!.id}, ${encrypted.encryptionKeyId}, ${encrypted.iv}, ${encrypted.ciphertext}, ${encrypted.authTag})`;
        await tx`insert into seals.seal_events (seal_id, seq, status, actor_user_id, at) values (${row!.id}, 1, 'registered', ${actor.userId}, ${now()})`;
        return view(row!, 'registered');
      });
    },

    putInUse: transition('seal.put_in_use', 'in_use'),
    stop: transition('seal.stop', 'stopped'),
    sealAway: transition('seal.seal_away', 'sealed_away'),
    destroy: transition('seal.destroy', 'destroyed'),

    async get(actor, sealId) {
      authorize(actor, 'seal.read', actor.treasuryId);
      return sql.begin(async (tx) => {
        const row = await lockSeal(tx, actor, sealId, 'share');
        const events = await history(tx, row.id);
        return view(row, events[events.length - 1]!.status);
      });
    },

    async apply(actor, sealId, document) {
      authorize(actor, 'seal.apply', actor.treasuryId);
      return sql.begin(async (tx) => {
        // A share lock: a stop waits for this use, and a use after a stop sees it.
        const row = await lockSeal(tx, actor, sealId, 'share');
        const events = await history(tx, row.id);
        const last = events[events.length - 1]!;
        assertMayApply({ kind: row.kind, status: last.status, custodianUserId: row.custodian_user_id }, actor.userId, document);
        const sealed = document!;
        const [key] = await tx<{ encryption_key_id: string; iv: Buffer; ciphertext: Buffer; auth_tag: Buffer }[]>`
          select encryption_key_id, iv, ciphertext, auth_tag from seals.seal_keys where seal_id = ${row.id}`;
        const privateKey = decryptPrivateKey(
          options.keyring,
          { encryptionKeyId: key!.encryption_key_id, iv: key!.iv, ciphertext: key!.ciphertext, authTag: key!.auth_tag },
          aad(row.id),
        );
        const signedAt = new Date(Math.max(now().getTime(), last.at.getTime()));
        const dataHash = contentHash(sealed.content);
        let signature: Buffer;
        try {
          signature = signSeal(
            { version: SEAL_SIGNATURE_VERSION, sealId: row.id, signedAt, dataHash, documentReference: sealed.reference, signerUserId: actor.userId },
            row.algorithm,
            privateKey,
          );
        } finally {
          privateKey.fill(0);
        }
        const [use] = await tx<{ id: string }[]>`
          insert into seals.seal_uses (seal_id, user_id, document_reference, content_hash, signed_at, signature)
          values (${row.id}, ${actor.userId}, ${sealed.reference}, ${dataHash}, ${signedAt}, ${signature})
          returning id`;
        return { useId: use!.id, sealId: row.id, signedAt, signature };
      });
    },

    async verify(signatureDer, content) {
      const decoded = decodeSealSignature(signatureDer);
      if (!decoded || !SEAL_ID.test(decoded.tbs.sealId)) return verificationOutcome(decoded, undefined, content);
      const [seal] = await sql<{ algorithm: SealAlgorithm; public_key_spki: Buffer }[]>`
        select algorithm, public_key_spki from seals.seals where id = ${decoded.tbs.sealId}`;
      if (!seal) return 'unknown_seal';
      const events = await history(sql, decoded.tbs.sealId);
      return verificationOutcome(decoded, { algorithm: seal.algorithm, publicKeySpki: seal.public_key_spki, history: events }, content);
    },

    async exportVerifier(sealId) {
      if (!SEAL_ID.test(sealId)) throw notFound('SEAL_NOT_FOUND', `no seal ${sealId.slice(0, 24)}`);
      const [seal] = await sql<{ algorithm: SealAlgorithm; public_key_spki: Buffer }[]>`
        select algorithm, public_key_spki from seals.seals where id = ${sealId}`;
      if (!seal) throw notFound('SEAL_NOT_FOUND', `no seal ${sealId.slice(0, 24)}`);
      // Wrapped by hand: Node 20 aborts re-exporting an imported SM2 key (see @jinku/seals-domain sm2.ts).
      const lines = seal.public_key_spki.toString('base64').match(/.{1,64}/g)!;
      const publicKeyPem = `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
      return { sealId, algorithm: seal.algorithm, publicKeyPem };
    },
  };
}
