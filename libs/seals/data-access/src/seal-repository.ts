import type { Database, Tx } from '@jinku/db';
import type { SealAlgorithm, SealKind, SealRegistration, SealStatus, SealStatusChange } from '@jinku/seals-domain';
import type { EncryptedKey } from './keyring';

type Sql = Database['sql'] | Tx;

export interface SealRow {
  id: string;
  treasury_id: string;
  kind: SealKind;
  name: string;
  custodian_user_id: string;
  imprint: string;
  algorithm: SealAlgorithm;
  registered_by: string;
  registered_at: Date;
  approval_request_id: string | null;
}

export interface SealEventRow extends SealStatusChange {
  readonly seq: number;
}

export interface SealUseRow {
  id: string;
  seal_id: string;
  user_id: string;
  document_reference: string;
  content_hash: Buffer;
  signed_at: Date;
  signature: Buffer;
}

export interface NewSealRow extends SealRegistration {
  readonly treasuryId: string;
  readonly publicKeySpki: Buffer;
  readonly registeredBy: string;
  readonly approvalRequestId: string | null;
}

const SEAL_COLUMNS = ['id', 'treasury_id', 'kind', 'name', 'custodian_user_id', 'imprint', 'algorithm', 'registered_by', 'registered_at', 'approval_request_id'];

/** The seals schema's SQL: the registry, its history, keys, handovers and uses. */
export const sealRepository = {
  async insertSeal(tx: Tx, seal: NewSealRow, at: Date): Promise<SealRow> {
    const [row] = await tx<SealRow[]>`
      insert into seals.seals (treasury_id, kind, name, custodian_user_id, imprint, algorithm, public_key_spki, registered_by, approval_request_id)
      values (${seal.treasuryId}, ${seal.kind}, ${seal.name}, ${seal.custodianUserId}, ${seal.imprint}, ${seal.algorithm},
              ${seal.publicKeySpki}, ${seal.registeredBy}, ${seal.approvalRequestId})
      returning ${tx(SEAL_COLUMNS)}`;
    await tx`insert into seals.seal_events (seal_id, seq, status, actor_user_id, at) values (${row!.id}, 1, 'registered', ${seal.registeredBy}, ${at})`;
    return row!;
  },

  async insertKey(tx: Tx, sealId: string, key: EncryptedKey): Promise<void> {
    await tx`
      insert into seals.seal_keys (seal_id, encryption_key_id, iv, ciphertext, auth_tag)
      values (${sealId}, ${key.encryptionKeyId}, ${key.iv}, ${key.ciphertext}, ${key.authTag})`;
  },

  /** The seal's key pair as stored: the private key encrypted, the public key in the clear. */
  async keyPair(tx: Tx, sealId: string): Promise<{ encrypted: EncryptedKey; publicKeySpki: Buffer }> {
    const [key] = await tx<{ encryption_key_id: string; iv: Buffer; ciphertext: Buffer; auth_tag: Buffer; public_key_spki: Buffer }[]>`
      select k.encryption_key_id, k.iv, k.ciphertext, k.auth_tag, s.public_key_spki
      from seals.seal_keys k join seals.seals s on s.id = k.seal_id where k.seal_id = ${sealId}`;
    return {
      encrypted: { encryptionKeyId: key!.encryption_key_id, iv: key!.iv, ciphertext: key!.ciphertext, authTag: key!.auth_tag },
      publicKeySpki: key!.public_key_spki,
    };
  },

  /** A treasury's seal, locked for the rest of the transaction; the custodian is the one after the last handover. */
  async lock(tx: Tx, treasuryId: string, sealId: string, mode: 'update' | 'share'): Promise<SealRow | undefined> {
    const rows =
      mode === 'update'
        ? await tx<SealRow[]>`select ${tx(SEAL_COLUMNS)} from seals.seals where id = ${sealId} and treasury_id = ${treasuryId} for update`
        : await tx<SealRow[]>`select ${tx(SEAL_COLUMNS)} from seals.seals where id = ${sealId} and treasury_id = ${treasuryId} for share`;
    const row = rows[0];
    if (!row) return undefined;
    return { ...row, custodian_user_id: (await this.lastHandover(tx, sealId))?.to_user_id ?? row.custodian_user_id };
  },

  async history(sql: Sql, sealId: string): Promise<SealEventRow[]> {
    return sql<SealEventRow[]>`select status, at, seq from seals.seal_events where seal_id = ${sealId} order by seq`;
  },

  async appendEvent(tx: Tx, sealId: string, seq: number, status: SealStatus, actorUserId: string, at: Date): Promise<void> {
    await tx`insert into seals.seal_events (seal_id, seq, status, actor_user_id, at) values (${sealId}, ${seq}, ${status}, ${actorUserId}, ${at})`;
  },

  async lastUseAt(tx: Tx, sealId: string): Promise<Date | null> {
    const [row] = await tx<{ at: Date | null }[]>`select max(signed_at) as at from seals.seal_uses where seal_id = ${sealId}`;
    return row?.at ?? null;
  },

  async lastHandover(sql: Sql, sealId: string): Promise<{ seq: number; to_user_id: string } | undefined> {
    const [row] = await sql<{ seq: number; to_user_id: string }[]>`
      select seq, to_user_id from seals.seal_custodians where seal_id = ${sealId} order by seq desc limit 1`;
    return row;
  },

  async appendHandover(tx: Tx, handover: { sealId: string; seq: number; fromUserId: string; toUserId: string; reason: string; approvalRequestId: string }): Promise<Date> {
    const [row] = await tx<{ at: Date }[]>`
      insert into seals.seal_custodians (seal_id, seq, from_user_id, to_user_id, reason, approval_request_id)
      values (${handover.sealId}, ${handover.seq}, ${handover.fromUserId}, ${handover.toUserId}, ${handover.reason}, ${handover.approvalRequestId})
      returning at`;
    return row!.at;
  },

  async insertUse(tx: Tx, use: Omit<SealUseRow, 'id'> & { idempotency_key: string | null }): Promise<string | undefined> {
    const [row] = await tx<{ id: string }[]>`
      insert into seals.seal_uses (seal_id, user_id, document_reference, content_hash, signed_at, signature, idempotency_key)
      values (${use.seal_id}, ${use.user_id}, ${use.document_reference}, ${use.content_hash}, ${use.signed_at}, ${use.signature}, ${use.idempotency_key})
      on conflict on constraint seal_uses_idempotency do nothing
      returning id`;
    return row?.id;
  },

  async useByKey(sql: Sql, sealId: string, userId: string, idempotencyKey: string): Promise<SealUseRow | undefined> {
    const [row] = await sql<SealUseRow[]>`
      select id, seal_id, user_id, document_reference, content_hash, signed_at, signature
      from seals.seal_uses where seal_id = ${sealId} and user_id = ${userId} and idempotency_key = ${idempotencyKey}`;
    return row;
  },

  async uses(sql: Sql, sealId: string, limit: number): Promise<SealUseRow[]> {
    return sql<SealUseRow[]>`
      select id, seal_id, user_id, document_reference, content_hash, signed_at, signature
      from seals.seal_uses where seal_id = ${sealId} order by signed_at desc, id desc limit ${limit}`;
  },

  /** Every seal of a treasury with its current status and custodian. */
  async list(sql: Sql, treasuryId: string): Promise<(SealRow & { status: SealStatus })[]> {
    return sql<(SealRow & { status: SealStatus })[]>`
      select s.id, s.treasury_id, s.kind, s.name, coalesce(h.to_user_id, s.custodian_user_id) as custodian_user_id, s.imprint,
             s.algorithm, s.registered_by, s.registered_at, s.approval_request_id, e.status
      from seals.seals s
      cross join lateral (select status from seals.seal_events where seal_id = s.id order by seq desc limit 1) e
      left join lateral (select to_user_id from seals.seal_custodians where seal_id = s.id order by seq desc limit 1) h on true
      where s.treasury_id = ${treasuryId}
      order by s.id`;
  },

  async publicKey(sql: Sql, sealId: string): Promise<{ algorithm: SealAlgorithm; public_key_spki: Buffer } | undefined> {
    const [row] = await sql<{ algorithm: SealAlgorithm; public_key_spki: Buffer }[]>`
      select algorithm, public_key_spki from seals.seals where id = ${sealId}`;
    return row;
  },
};
