import type { Database, Tx } from '@jinku/db';
import { alreadyExists, authorize, failedPrecondition, idempotencyKeyOf, invalidArgument, notFound, type Actor, type Permission } from '@jinku/kernel';
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
  type SealRegistration,
  type SealKind,
  type SealStatus,
  type VerificationOutcome,
} from '@jinku/seals-domain';
import { decryptPrivateKey, encryptPrivateKey, type SealKeyring } from './keyring';
import { sealRepository as repository, type SealRow, type SealUseRow } from './seal-repository';

export interface SealsOptions {
  /** Encrypts seals' private keys at rest; without it no seal can be registered or applied. */
  readonly keyring: SealKeyring | undefined;
  /** The person `userId` as they may act now (identity), to check a custodian is one of the treasury's people. */
  readonly personOf: (userId: string) => Promise<Actor>;
  /** The clock of status changes and signatures; tests may fix it. */
  readonly now?: () => Date;
}

export interface SealHandover {
  readonly sealId: string;
  readonly toUserId: string;
  readonly reason: string;
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
  readonly approvalRequestId: string | null;
}

/** The document to seal and the caller's key for retries. */
export interface SealApplication extends SealedDocument {
  readonly idempotencyKey: string;
}

export interface SealApplied {
  readonly useId: string;
  readonly sealId: string;
  readonly signedAt: Date;
  /** The DER SealSignature (see @jinku/seals-domain). */
  readonly signature: Buffer;
}

export interface SealUseView {
  readonly useId: string;
  readonly sealId: string;
  readonly userId: string;
  readonly documentReference: string;
  readonly contentHash: string;
  readonly signedAt: Date;
}

export interface SealVerification {
  readonly outcome: VerificationOutcome;
  /** What the signature claims, when it parses. */
  readonly claimed: { readonly sealId: string; readonly signedAt: Date; readonly documentReference: string; readonly signerUserId: string } | null;
}

export interface SealVerifier {
  readonly sealId: string;
  readonly algorithm: SealAlgorithm;
  /** SubjectPublicKeyInfo, PEM. */
  readonly publicKeyPem: string;
}

/** Where an approved registration or handover comes from. */
export interface ApprovedBy {
  readonly requestId: string;
  readonly treasuryId: string;
  readonly initiator: Actor;
}

const SEAL_ID = /^[1-9][0-9]{0,17}$/;
const MAX_USES_PAGE = 1000;
const sealNotFound = (sealId: string) => notFound('SEAL_NOT_FOUND', `no seal ${sealId.slice(0, 24)} in this treasury`);
const keyNotConfigured = () => failedPrecondition('SEAL_KEY_NOT_CONFIGURED', 'the server has no JINKU_SEAL_KEY: seals cannot be registered or applied');
const aad = (sealId: string) => `jinku-seal:${sealId}`;

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
  approvalRequestId: row.approval_request_id,
});

const applied = (use: Pick<SealUseRow, 'id' | 'seal_id' | 'signed_at' | 'signature'>): SealApplied => ({
  useId: use.id,
  sealId: use.seal_id,
  signedAt: use.signed_at,
  signature: use.signature,
});

export function createSeals(database: Database, options: SealsOptions) {
  const { sql } = database;
  const now = options.now ?? (() => new Date());

  async function locked(tx: Tx, treasuryId: string, sealId: string, mode: 'update' | 'share'): Promise<SealRow> {
    const row = SEAL_ID.test(sealId) ? await repository.lock(tx, treasuryId, sealId, mode) : undefined;
    if (!row) throw sealNotFound(sealId);
    return row;
  }

  /** A custodian is a person of the seal's treasury who may act today. */
  async function assertCustodian(treasuryId: string, userId: string): Promise<void> {
    const person = await options.personOf(userId).catch(() => undefined);
    if (!person || person.kind !== 'person' || person.treasuryId !== treasuryId) {
      throw failedPrecondition('CUSTODIAN_UNKNOWN', `custodian ${userId.slice(0, 24)} is not a person of treasury ${treasuryId} who may act today (R82)`);
    }
  }

  function transition(permission: Permission, to: SealStatus) {
    return async (actor: Actor, sealId: string): Promise<SealView> => {
      // Every seal permission reaches the actor's own treasury only; the seal must be of it.
      authorize(actor, permission, actor.treasuryId);
      return sql.begin(async (tx) => {
        const row = await locked(tx, actor.treasuryId, sealId, 'update');
        const events = await repository.history(tx, row.id);
        const last = events[events.length - 1]!;
        assertTransition(last.status, to);
        // Strictly after the last change and the last use, so a document sealed before a stop stays valid.
        const lastUse = await repository.lastUseAt(tx, row.id);
        const at = new Date(Math.max(now().getTime(), last.at.getTime() + 1, (lastUse?.getTime() ?? 0) + 1));
        await repository.appendEvent(tx, row.id, last.seq + 1, to, actor.userId, at);
        return view(row, to);
      });
    };
  }

  return {
    /** Checks a registration at entry (the approvals action's parse): what could never be registered is refused at once. */
    async checkRegistration(treasuryId: string, registration: SealRegistration): Promise<SealRegistration> {
      if (!isSealKind(registration.kind)) throw invalidArgument('UNKNOWN_SEAL_KIND', `no seal kind ${String(registration.kind).slice(0, 40)} (R80)`);
      if (!SEAL_ALGORITHMS.includes(registration.algorithm)) throw invalidArgument('UNKNOWN_SEAL_ALGORITHM', 'seals sign with sm2_sm3 or ed25519');
      for (const field of ['name', 'custodianUserId', 'imprint'] as const) {
        if (registration[field].trim() === '') throw invalidArgument('MISSING_SEAL_FIELD', `a seal is registered with its ${field} (R81)`, { field });
      }
      if (!options.keyring) throw keyNotConfigured();
      await assertCustodian(treasuryId, registration.custodianUserId);
      return registration;
    },

    /**
     * Registers a seal once its registration request is approved (R80–R81), in the approval's transaction:
     * a key pair is generated, the private key stored encrypted, never returned.
     */
    async registerWithin(tx: Tx, approved: ApprovedBy, registration: SealRegistration): Promise<SealView> {
      const keyring = options.keyring;
      if (!keyring) throw keyNotConfigured();
      const keys = generateSealKeyPair(registration.algorithm);
      const row = await repository.insertSeal(
        tx,
        { ...registration, treasuryId: approved.treasuryId, publicKeySpki: keys.publicKeySpki, registeredBy: approved.initiator.userId, approvalRequestId: approved.requestId },
        now(),
      );
      try {
        await repository.insertKey(tx, row.id, encryptPrivateKey(keyring, keys.privateKeyPkcs8, aad(row.id)));
      } finally {
        keys.privateKeyPkcs8.fill(0);
      }
      return view(row, 'registered');
    },

    /** Checks a handover at entry: entered by the seal's current custodian, to another person of the treasury (R82, R13). */
    async checkHandover(initiator: Actor, handover: SealHandover): Promise<SealHandover> {
      if (handover.reason.trim() === '') throw invalidArgument('MISSING_SEAL_FIELD', 'a handover says why (R82)', { field: 'reason' });
      await sql.begin(async (tx) => {
        const row = await locked(tx, initiator.treasuryId, handover.sealId, 'share');
        if (row.kind === 'personal_name') throw failedPrecondition('SEAL_NOT_TRANSFERABLE', 'a personal name seal stays with its owner (R82)');
        if (row.custodian_user_id !== initiator.userId) throw failedPrecondition('NOT_SEAL_CUSTODIAN', 'a seal is handed over by its custodian (R82)');
        if (handover.toUserId === row.custodian_user_id) throw invalidArgument('SAME_CUSTODIAN', 'the seal is already in that person’s keeping');
        const events = await repository.history(tx, row.id);
        if (events[events.length - 1]!.status === 'destroyed') throw failedPrecondition('SEAL_DESTROYED', 'a destroyed seal is in nobody’s keeping');
      });
      await assertCustodian(initiator.treasuryId, handover.toUserId);
      return handover;
    },

    /** Records an approved handover (R82 交接): from here on only the new custodian applies the seal. */
    async handOverWithin(tx: Tx, approved: ApprovedBy, handover: SealHandover): Promise<{ sealId: string; fromUserId: string; toUserId: string; at: Date }> {
      const row = await locked(tx, approved.treasuryId, handover.sealId, 'update');
      // The seal may have changed hands since entry: only its custodian's request still stands.
      if (row.custodian_user_id !== approved.initiator.userId) throw failedPrecondition('NOT_SEAL_CUSTODIAN', 'the seal changed hands since this handover was entered');
      const seq = ((await repository.lastHandover(tx, row.id))?.seq ?? 0) + 1;
      const at = await repository.appendHandover(tx, {
        sealId: row.id,
        seq,
        fromUserId: row.custodian_user_id,
        toUserId: handover.toUserId,
        reason: handover.reason,
        approvalRequestId: approved.requestId,
      });
      return { sealId: row.id, fromUserId: row.custodian_user_id, toUserId: handover.toUserId, at };
    },

    putInUse: transition('seal.put_in_use', 'in_use'),
    stop: transition('seal.stop', 'stopped'),
    sealAway: transition('seal.seal_away', 'sealed_away'),
    destroy: transition('seal.destroy', 'destroyed'),

    async get(actor: Actor, sealId: string): Promise<SealView> {
      authorize(actor, 'seal.read', actor.treasuryId);
      return sql.begin(async (tx) => {
        const row = await locked(tx, actor.treasuryId, sealId, 'share');
        const events = await repository.history(tx, row.id);
        return view(row, events[events.length - 1]!.status);
      });
    },

    async list(actor: Actor): Promise<SealView[]> {
      authorize(actor, 'seal.read', actor.treasuryId);
      return (await repository.list(sql, actor.treasuryId)).map((row) => view(row, row.status));
    },

    /** The use log of a seal, newest first (R82). */
    async uses(actor: Actor, sealId: string, pageSize: number): Promise<SealUseView[]> {
      authorize(actor, 'seal.read', actor.treasuryId);
      const limit = pageSize <= 0 ? 100 : Math.min(pageSize, MAX_USES_PAGE);
      const rows = await sql.begin(async (tx) => {
        const row = await locked(tx, actor.treasuryId, sealId, 'share');
        return repository.uses(tx, row.id, limit);
      });
      return rows.map((use) => ({
        useId: use.id,
        sealId: use.seal_id,
        userId: use.user_id,
        documentReference: use.document_reference,
        contentHash: use.content_hash.toString('hex'),
        signedAt: use.signed_at,
      }));
    },

    async apply(actor: Actor, sealId: string, document: SealApplication | undefined): Promise<SealApplied> {
      authorize(actor, 'seal.apply', actor.treasuryId);
      const keyring = options.keyring;
      if (!keyring) throw keyNotConfigured();
      if (document) idempotencyKeyOf(document.idempotencyKey);
      return sql.begin(async (tx) => {
        // A share lock: a stop waits for this use, and a use after a stop sees it.
        const row = await locked(tx, actor.treasuryId, sealId, 'share');
        const events = await repository.history(tx, row.id);
        const last = events[events.length - 1]!;
        assertMayApply({ kind: row.kind, status: last.status, custodianUserId: row.custodian_user_id }, actor.userId, document);
        const sealed = document!;
        const dataHash = contentHash(sealed.content);
        const replayed = await repository.useByKey(tx, row.id, actor.userId, sealed.idempotencyKey);
        if (replayed) return sameApplication(replayed, sealed.reference, dataHash);
        const keys = await repository.keyPair(tx, row.id);
        const privateKey = decryptPrivateKey(keyring, keys.encrypted, aad(row.id));
        const signedAt = new Date(Math.max(now().getTime(), last.at.getTime()));
        let signature: Buffer;
        try {
          signature = signSeal(
            { version: SEAL_SIGNATURE_VERSION, sealId: row.id, signedAt, dataHash, documentReference: sealed.reference, signerUserId: actor.userId },
            row.algorithm,
            privateKey,
            keys.publicKeySpki,
          );
        } finally {
          privateKey.fill(0);
        }
        const use = { seal_id: row.id, user_id: actor.userId, document_reference: sealed.reference, content_hash: dataHash, signed_at: signedAt, signature };
        const useId = await repository.insertUse(tx, { ...use, idempotency_key: sealed.idempotencyKey });
        // A concurrent retry with the same key got there first: answer with its application.
        if (!useId) return sameApplication((await repository.useByKey(tx, row.id, actor.userId, sealed.idempotencyKey))!, sealed.reference, dataHash);
        return applied({ ...use, id: useId });
      });
    },

    /** Anyone holding a signature and the content may ask: the answer reveals nothing the signature does not. */
    async verify(actor: Actor, signatureDer: Uint8Array, content: Uint8Array): Promise<SealVerification> {
      authorize(actor, 'seal.verify', actor.treasuryId);
      const decoded = decodeSealSignature(signatureDer);
      const claimed = decoded
        ? { sealId: decoded.tbs.sealId, signedAt: decoded.tbs.signedAt, documentReference: decoded.tbs.documentReference, signerUserId: decoded.tbs.signerUserId }
        : null;
      if (!decoded || !SEAL_ID.test(decoded.tbs.sealId)) return { outcome: verificationOutcome(decoded, undefined, content), claimed };
      const seal = await repository.publicKey(sql, decoded.tbs.sealId);
      if (!seal) return { outcome: 'unknown_seal', claimed };
      const history = await repository.history(sql, decoded.tbs.sealId);
      return { outcome: verificationOutcome(decoded, { algorithm: seal.algorithm, publicKeySpki: seal.public_key_spki, history }, content), claimed };
    },

    async exportVerifier(actor: Actor, sealId: string): Promise<SealVerifier> {
      authorize(actor, 'seal.verify', actor.treasuryId);
      const seal = SEAL_ID.test(sealId) ? await repository.publicKey(sql, sealId) : undefined;
      if (!seal) throw notFound('SEAL_NOT_FOUND', `no seal ${sealId.slice(0, 24)}`);
      // Wrapped by hand: Node 20 aborts re-exporting an imported SM2 key (see @jinku/seals-domain sm2.ts).
      const lines = seal.public_key_spki.toString('base64').match(/.{1,64}/g)!;
      const publicKeyPem = `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
      return { sealId, algorithm: seal.algorithm, publicKeyPem };
    },
  };
}

/** A retry answers with the first application, provided it asks for the same thing. */
function sameApplication(use: SealUseRow, reference: string, dataHash: Buffer): SealApplied {
  if (use.document_reference !== reference || !use.content_hash.equals(dataHash)) {
    throw alreadyExists('IDEMPOTENCY_KEY_REUSED', 'this idempotency key already sealed another document');
  }
  return applied(use);
}

export type Seals = ReturnType<typeof createSeals>;
