import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** The identity context's own PostgreSQL schema: people, their posts and their bearer tokens. */
export const identity = pgSchema('identity');

const id = (name: string) => bigint(name, { mode: 'bigint' });
const instant = (name: string) => timestamp(name, { withTimezone: true });

export const users = identity.table(
  'users',
  {
    id: id('id').primaryKey().generatedAlwaysAsIdentity(),
    treasuryId: text('treasury_id').notNull(),
    login: text('login').notNull().unique('users_login'),
    name: text('name').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    /** `scrypt$N$r$p$salt$hash` (base64url); null until a password is set. Never the password itself. */
    passwordHash: text('password_hash'),
    /** Passwords change monthly (R74): sign-in refuses one older than 30 days. */
    passwordChangedAt: instant('password_changed_at'),
  },
  (t) => [
    check('users_password_complete', sql`(${t.passwordHash} is null) = (${t.passwordChangedAt} is null)`),
    check('users_password_is_scrypt', sql`${t.passwordHash} ~ '^scrypt[$]'`),
  ],
);

/** The posts (岗位) a person holds; values are checked against `POSTS` of the kernel in code. */
export const userPosts = identity.table(
  'user_posts',
  {
    userId: id('user_id')
      .notNull()
      .references(() => users.id),
    post: text('post').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.post] })],
);

/** Bearer tokens, kept only as SHA-256 hex of the token: a leaked table signs nobody in. */
export const tokens = identity.table(
  'tokens',
  {
    id: id('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: id('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull().unique('tokens_token_hash'),
    issuedAt: instant('issued_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    /** Set at sign-out; a revoked token is refused from the next call on. */
    revokedAt: instant('revoked_at'),
  },
  (t) => [index('tokens_user').on(t.userId), check('tokens_hash_is_sha256', sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`)],
);

/** A handover (交接, R13–R14) of one post from a leaver to a receiver, supervised (监交) one level up. */
export const handovers = identity.table(
  'handovers',
  {
    id: id('id').primaryKey().generatedAlwaysAsIdentity(),
    treasuryId: text('treasury_id').notNull(),
    post: text('post').notNull(),
    fromUserId: id('from_user_id')
      .notNull()
      .references(() => users.id),
    toUserId: id('to_user_id')
      .notNull()
      .references(() => users.id),
    supervisorUserId: id('supervisor_user_id')
      .notNull()
      .references(() => users.id),
    /** `open` from start until completion; the leaver cannot act in the post meanwhile. */
    status: text('status').notNull(),
    startedAt: instant('started_at').notNull().defaultNow(),
    completedAt: instant('completed_at'),
  },
  (t) => [
    check('handovers_status', sql`${t.status} in ('open', 'completed')`),
    check('handovers_completed_at', sql`(${t.status} = 'completed') = (${t.completedAt} is not null)`),
    check('handovers_distinct_people', sql`${t.fromUserId} <> ${t.toUserId} and ${t.supervisorUserId} not in (${t.fromUserId}, ${t.toUserId})`),
    uniqueIndex('handovers_one_open_per_post').on(t.fromUserId, t.post).where(sql`${t.status} = 'open'`),
    index('handovers_treasury').on(t.treasuryId, t.id),
    index('handovers_to_user').on(t.toUserId),
  ],
);

/** What a handover lists (R13): important items and matters, in the order given. Append-only. */
export const handoverItems = identity.table(
  'handover_items',
  {
    handoverId: id('handover_id')
      .notNull()
      .references(() => handovers.id),
    seq: integer('seq').notNull(),
    kind: text('kind').notNull(),
    description: text('description').notNull(),
  },
  (t) => [primaryKey({ columns: [t.handoverId, t.seq] })],
);

/** Leave (R11): a person cannot act from `from_date` to `to_date`, both included, dates in Asia/Shanghai. */
export const leaves = identity.table(
  'leaves',
  {
    id: id('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: id('user_id')
      .notNull()
      .references(() => users.id),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    recordedBy: id('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
  },
  (t) => [
    check('leaves_period', sql`${t.fromDate} <= ${t.toDate}`),
    check('leaves_kind', sql`${t.kind} in ('annual', 'forced', 'other')`),
    index('leaves_user').on(t.userId, t.toDate),
  ],
);

/**
 * Staff changes (人员变动) of a treasury, reported to the branch (R12): joining, post assignments,
 * handovers, leave. Append-only (trigger in a custom migration); `by_user_id` is null for trusted tooling.
 */
export const staffChanges = identity.table(
  'staff_changes',
  {
    id: id('id').primaryKey().generatedAlwaysAsIdentity(),
    treasuryId: text('treasury_id').notNull(),
    userId: id('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    detail: jsonb('detail').$type<Record<string, string>>().notNull().default({}),
    at: instant('at').notNull().defaultNow(),
    byUserId: id('by_user_id').references(() => users.id),
  },
  (t) => [
    check(
      'staff_changes_kind',
      sql`${t.kind} in ('joined', 'posts_assigned', 'handover_started', 'handover_completed', 'leave_recorded', 'login_unlocked')`,
    ),
    index('staff_changes_treasury').on(t.treasuryId, t.id),
  ],
);

/**
 * Failed sign-ins held against a login or a client address (R74; limits in the domain's `SIGN_IN_LIMITS`).
 * Counters rather than a log, so a block survives a restart and each subject costs one row. A login row may
 * name no user: unknown logins are counted alike, so a lock tells nobody whether a login exists.
 */
export const signInFailures = identity.table(
  'sign_in_failures',
  {
    kind: text('kind').notNull(),
    /** The login as typed, or the client's IP address. */
    subject: text('subject').notNull(),
    failures: integer('failures').notNull(),
    lastFailureAt: instant('last_failure_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.subject] }),
    check('sign_in_failures_kind', sql`${t.kind} in ('login', 'address')`),
    check('sign_in_failures_not_negative', sql`${t.failures} >= 0`),
  ],
);

/**
 * Machine principals (SPEC §11): the tax-treasury-bank link front end, an agency bank's front end, a
 * finance bureau's system — registered for one treasury through an approved request, acting only through
 * their scopes and only with a client key of their own, never a person's token. Append-only.
 */
export const principals = identity.table(
  'principals',
  {
    id: id('id').primaryKey().generatedAlwaysAsIdentity(),
    treasuryId: text('treasury_id').notNull(),
    name: text('name').notNull().unique('principals_name'),
    kind: text('kind').notNull(),
    scopes: text('scopes').array().notNull(),
    /** The approved `machine_principal_registration` request that registered it. */
    approvalRequestId: id('approval_request_id').notNull(),
    registeredAt: instant('registered_at').notNull().defaultNow(),
  },
  (t) => [check('principals_kind', sql`${t.kind} in ('tax_link', 'agency_bank', 'finance_bureau')`)],
);

/** Client keys of machine principals, kept only as SHA-256 hex; issuing a new key revokes the old ones. */
export const principalKeys = identity.table(
  'principal_keys',
  {
    id: id('id').primaryKey().generatedAlwaysAsIdentity(),
    principalId: id('principal_id')
      .notNull()
      .references(() => principals.id),
    keyHash: text('key_hash').notNull().unique('principal_keys_key_hash'),
    issuedAt: instant('issued_at').notNull().defaultNow(),
    /** Null when trusted tooling (the CLI's demo set-up) issued it. */
    issuedBy: id('issued_by').references(() => users.id),
    revokedAt: instant('revoked_at'),
  },
  (t) => [index('principal_keys_principal').on(t.principalId), check('principal_keys_hash_is_sha256', sql`${t.keyHash} ~ '^[0-9a-f]{64}$'`)],
);
