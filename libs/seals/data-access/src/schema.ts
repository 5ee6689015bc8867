import { sql } from 'drizzle-orm';
import { bigint, check, customType, date, foreignKey, index, integer, jsonb, pgSchema, text, timestamp, unique } from 'drizzle-orm/pg-core';

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
    /** The approved seal_registration request it came from (R80–R81). */
    approvalRequestId: text('approval_request_id'),
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
    /** The caller's key: a retry returns the first application instead of logging a second. */
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [
    foreignKey({ name: 'seal_uses_seal', columns: [t.sealId], foreignColumns: [sealRegistry.id] }),
    unique('seal_uses_idempotency').on(t.sealId, t.userId, t.idempotencyKey),
    index('seal_uses_by_seal').on(t.sealId, t.signedAt),
  ],
);

/**
 * Custodian handovers (R82 交接, R13): each one approved; `seq` numbers a seal's handovers, and the latest
 * names the custodian now (before the first, the one registered with the seal).
 */
export const sealCustodians = seals.table(
  'seal_custodians',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    sealId: bigint('seal_id', { mode: 'bigint' }).notNull(),
    seq: integer('seq').notNull(),
    fromUserId: text('from_user_id').notNull(),
    toUserId: text('to_user_id').notNull(),
    reason: text('reason').notNull(),
    approvalRequestId: text('approval_request_id').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    unique('seal_custodians_seq').on(t.sealId, t.seq),
    foreignKey({ name: 'seal_custodians_seal', columns: [t.sealId], foreignColumns: [sealRegistry.id] }),
  ],
);

/**
 * Specimen cards of counterpart units (预留印鉴, R83–R86): one row per approved new card, change or
 * revocation, `version` numbering a unit's rows. The card in force on a date is the latest version
 * effective on or before it; a revocation row carries no seals and ends the unit's specimen from its date.
 */
export const specimenCards = seals.table(
  'specimen_cards',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    treasuryId: text('treasury_id').notNull(),
    unitId: text('unit_id').notNull(),
    version: integer('version').notNull(),
    action: text('action').notNull(),
    unitKind: text('unit_kind'),
    unitName: text('unit_name'),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    unitSealImprint: text('unit_seal_imprint'),
    unitSealPublicKeySpki: bytea('unit_seal_public_key_spki'),
    representativeName: text('representative_name'),
    representativeRole: text('representative_role'),
    representativeImprint: text('representative_imprint'),
    representativePublicKeySpki: bytea('representative_public_key_spki'),
    /** The documents R86 asks for, as [{ kind, reference }]. */
    documents: jsonb('documents').notNull(),
    approvalRequestId: text('approval_request_id').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('specimen_cards_version').on(t.treasuryId, t.unitId, t.version),
    check('specimen_cards_action', sql`${t.action} in ('new', 'change', 'revoke')`),
    check(
      'specimen_cards_seals',
      sql`${t.action} = 'revoke' or (${t.unitSealImprint} is not null and ${t.representativeImprint} is not null and ${t.unitKind} is not null)`,
    ),
  ],
);

/**
 * The register of important blank vouchers and valuable documents (R27 登记簿): one row per movement of a
 * serial range — received into custody, issued to a user, used, voided, destroyed — never changed. What
 * is in custody or in use is derived from these rows by range arithmetic, never stored.
 */
export const valuableMovements = seals.table(
  'valuable_movements',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    treasuryId: text('treasury_id').notNull(),
    kind: text('kind').notNull(),
    event: text('event').notNull(),
    firstSerial: bigint('first_serial', { mode: 'bigint' }).notNull(),
    lastSerial: bigint('last_serial', { mode: 'bigint' }).notNull(),
    /** Who holds the pieces: the user they were issued to (issued), who used or voided them (used, voided). */
    holderUserId: text('holder_user_id'),
    documentReference: text('document_reference'),
    reason: text('reason'),
    witnessUserId: text('witness_user_id'),
    /** For a destruction: stock still in custody, or pieces voided earlier. */
    destroyedFrom: text('destroyed_from'),
    /** The off-balance voucher posted with the movement; none for destroying voided pieces. */
    voucherId: bigint('voucher_id', { mode: 'bigint' }),
    actorUserId: text('actor_user_id').notNull(),
    /** The caller's key, unique per person: a retry returns the first movement. */
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    unique('valuable_movements_idempotency').on(t.treasuryId, t.actorUserId, t.idempotencyKey),
    index('valuable_movements_by_kind').on(t.treasuryId, t.kind, t.event),
    check('valuable_movements_event', sql`${t.event} in ('received', 'issued', 'used', 'voided', 'destroyed')`),
    check('valuable_movements_range', sql`${t.firstSerial} >= 0 and ${t.firstSerial} <= ${t.lastSerial} and ${t.lastSerial} - ${t.firstSerial} < 100000`),
    check('valuable_movements_one_piece', sql`${t.event} not in ('used', 'voided') or ${t.firstSerial} = ${t.lastSerial}`),
    check('valuable_movements_holder', sql`(${t.event} in ('issued', 'used', 'voided')) = (${t.holderUserId} is not null)`),
    check('valuable_movements_destroyed', sql`(${t.event} = 'destroyed') = (${t.destroyedFrom} is not null and ${t.witnessUserId} is not null)`),
    check('valuable_movements_destroyed_from', sql`${t.destroyedFrom} in ('custody', 'voided')`),
    check('valuable_movements_reason', sql`(${t.event} in ('voided', 'destroyed')) = (${t.reason} is not null)`),
  ],
);
