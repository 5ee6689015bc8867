import { sql } from 'drizzle-orm';
import { bigint, check, customType, foreignKey, integer, pgSchema, text, timestamp, unique } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/** The seals context's own schema: the seal registry, its history, the seals' keys and every use. */
export const seals = pgSchema('seals');

/**
 * The registry (R80–R81): one row per seal, written once. The impression record (印模) stays forever, whatever
 * becomes of the seal; status lives in `seal_events`.
 */
export const sealRegistry = seals.table(
  'seals',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    treasuryId: text('treasury_id').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    /** The person who keeps and uses it (R82); for a personal name seal, its owner. */
    custodianUserId: text('custodian_user_id').notNull(),
    /** The impression as registered (印模: its text and a reference to the image filed), kept forever. */
    imprint: text('imprint').notNull(),
    algorithm: text('algorithm').notNull(),
    publicKeySpki: bytea('public_key_spki').notNull(),
    registeredBy: text('registered_by').notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('seals_kind', sql`${t.kind} in ('national_treasury', 'business', 'transfer_done', 'same_city_clearing', 'personal_name')`),
    check('seals_algorithm', sql`${t.algorithm} in ('sm2_sm3', 'ed25519')`),
    check('seals_imprint', sql`length(trim(${t.imprint})) > 0`),
  ],
);

/** The lifecycle, append-only (R81): each status change with who made it; `seq` numbers a seal's changes. */
export const sealEvents = seals.table(
  'seal_events',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    sealId: bigint('seal_id', { mode: 'bigint' }).notNull(),
    seq: integer('seq').notNull(),
    status: text('status').notNull(),
    actorUserId: text('actor_user_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('seal_events_seq').on(t.sealId, t.seq),
    foreignKey({ name: 'seal_events_seal', columns: [t.sealId], foreignColumns: [sealRegistry.id] }),
    check('seal_events_status', sql`${t.status} in ('registered', 'in_use', 'stopped', 'sealed_away', 'destroyed')`),
  ],
);

/**
 * A seal's private key, encrypted with AES-256-GCM under the configuration key named by `encryption_key_id`
 * (JINKU_SEAL_KEY); the seal id is the additional authenticated data, so a ciphertext cannot be moved to
 * another seal. Keys rotate: new seals use the current key, older rows decrypt with theirs.
 */
export const sealKeys = seals.table(
  'seal_keys',
  {
    sealId: bigint('seal_id', { mode: 'bigint' }).primaryKey(),
    encryptionKeyId: text('encryption_key_id').notNull(),
    iv: bytea('iv').notNull(),
    ciphertext: bytea('ciphertext').notNull(),
    authTag: bytea('auth_tag').notNull(),
  },
  (t) => [foreignKey({ name: 'seal_keys_seal', columns: [t.sealId], foreignColumns: [sealRegistry.id] })],
);

/** Every application of a seal (R82: who, which seal, on what, when), with the DER signature. Append-only. */
export const sealUses = seals.table(
  'seal_uses',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    sealId: bigint('seal_id', { mode: 'bigint' }).notNull(),
    userId: text('user_id').notNull(),
    documentReference: text('document_reference').notNull(),
    contentHash: bytea('content_hash').notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true, precision: 3 }).notNull(),
    signature: bytea('signature').notNull(),
  },
  (t) => [foreignKey({ name: 'seal_uses_seal', columns: [t.sealId], foreignColumns: [sealRegistry.id] })],
);
