import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '@jinku/db';
import { alreadyExists, failedPrecondition, notFound, unauthenticated, type Actor, type Post } from '@jinku/kernel';
import {
  assertCompatiblePosts,
  assertNotOnLeave,
  assertPasswordAcceptable,
  assertPasswordCurrent,
  assertTokenUsable,
  passwordExpiry,
  sortPosts,
  staffDate,
  TOKEN_DEFAULT_TTL_DAYS,
  tokenExpiry,
  validatePosts,
} from '@jinku/identity-domain';
import { hashPassword, spendDecoyVerification, verifyPassword } from './passwords';
import { createPrincipals, MACHINE_KEY_PREFIX } from './principals';
import { createStaff } from './staff';

export interface NewUser {
  readonly treasuryId: string;
  readonly login: string;
  readonly name: string;
  /** Wire strings; each must be one of the kernel's `POSTS`. */
  readonly posts: readonly string[];
}

export interface User {
  readonly id: string;
  readonly login: string;
  readonly treasuryId: string;
  readonly name: string;
  readonly posts: readonly Post[];
}

export interface IssuedToken {
  /** Shown once to the person it is issued to; only its SHA-256 is stored. */
  readonly token: string;
  readonly expiresAt: Date;
}

const TOKEN_PREFIX = 'jk_';

/** Lookup key of a token: SHA-256 hex. 256 random bits need no salt or slow hash. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

const UNIQUE_VIOLATION = '23505';

/** Where a treasury stands in the hierarchy: what it reaches (itself first) and the branch above it. */
export interface Jurisdiction {
  readonly reach: readonly string[];
  readonly jurisdictionId: string;
}

export interface IdentityOptions {
  /**
   * The treasury hierarchy, owned by the ledger: a branch (分库) reaches its sub-treasuries (代理支库).
   * Default: every treasury is a branch of its own.
   */
  readonly jurisdictionOf?: (treasuryId: string) => Promise<Jurisdiction>;
}

export interface PasswordChange {
  /** The new password signs in until then (a month, R74). */
  readonly expiresAt: Date;
}

const invalidCredentials = () => unauthenticated('INVALID_CREDENTIALS', 'the credentials are not valid');

/**
 * The identity context's public API (SPEC §11, R6–R14, R74): users with their posts, passwords and bearer
 * tokens, and the staff matters of `createStaff` (post assignment, handovers, leave, staff changes).
 */
export function createIdentity(database: Database, options: IdentityOptions = {}) {
  const { sql } = database;
  const jurisdictionOf = options.jurisdictionOf ?? (async (treasuryId: string) => ({ reach: [treasuryId], jurisdictionId: treasuryId }));
  const principals = createPrincipals(sql, jurisdictionOf);

  /** A person as they stand now: posts under handover left out, refused ON_LEAVE while on leave (R11, R13). */
  const personActor = async (where: { tokenHash: string } | { userId: string }, now: Date): Promise<Actor> => {
    const [row] = await sql<
      { userId: string; login: string; treasuryId: string; posts: string[]; expiresAt?: Date; revokedAt?: Date | null; onLeaveUntil: string | null }[]
    >`
      select u.id::text as "userId", u.login, u.treasury_id as "treasuryId",
        array(select p.post from identity.user_posts p
              where p.user_id = u.id
                and not exists (select 1 from identity.handovers h
                                where h.from_user_id = u.id and h.post = p.post and h.status = 'open')) as posts,
        (select max(l.to_date)::text from identity.leaves l
         where l.user_id = u.id and ${staffDate(now)}::date between l.from_date and l.to_date) as "onLeaveUntil"
        ${'tokenHash' in where ? sql`, t.expires_at as "expiresAt", t.revoked_at as "revokedAt"` : sql``}
      from ${'tokenHash' in where ? sql`identity.tokens t join identity.users u on u.id = t.user_id where t.token_hash = ${where.tokenHash}` : sql`identity.users u where u.id = ${where.userId}`}`;
    if (!row) throw invalidCredentials();
    if (row.expiresAt) assertTokenUsable({ expiresAt: row.expiresAt, revokedAt: row.revokedAt ?? null }, now);
    assertNotOnLeave(row.login, row.onLeaveUntil);
    return {
      kind: 'person',
      userId: row.userId,
      login: row.login,
      treasuryId: row.treasuryId,
      posts: sortPosts(row.posts as Post[]),
      scopes: [],
      ...(await jurisdictionOf(row.treasuryId)),
    };
  };

  const insertToken = async (login: string, issuedAt: Date, expiresAt: Date): Promise<IssuedToken> => {
    const token = newToken();
    const inserted = await sql`
      insert into identity.tokens (user_id, token_hash, issued_at, expires_at)
      select id, ${hashToken(token)}, ${issuedAt}, ${expiresAt} from identity.users where login = ${login}
      returning id`;
    if (inserted.length === 0) throw notFound('USER_NOT_FOUND', `no user ${login}`, { login });
    return { token, expiresAt };
  };

  /** The stored password of `login` if `password` matches it; INVALID_CREDENTIALS otherwise, in about the same time. */
  const checkPassword = async (login: string, password: string) => {
    const [row] = await sql<{ id: string; passwordHash: string | null; passwordChangedAt: Date | null; onLeaveUntil: string | null }[]>`
      select u.id::text as id, u.password_hash as "passwordHash", u.password_changed_at as "passwordChangedAt",
        (select max(l.to_date)::text from identity.leaves l
         where l.user_id = u.id and ${staffDate(new Date())}::date between l.from_date and l.to_date) as "onLeaveUntil"
      from identity.users u where u.login = ${login}`;
    if (!row?.passwordHash || !row.passwordChangedAt) {
      await spendDecoyVerification(password);
      throw invalidCredentials();
    }
    if (!(await verifyPassword(password, row.passwordHash))) throw invalidCredentials();
    return { ...row, passwordHash: row.passwordHash, passwordChangedAt: row.passwordChangedAt };
  };

  return {
    /**
     * Registers a person of a treasury with their posts (incompatible ones refused, R6, R17) and reports it as
     * a staff change. Trusted callers only (seed, CLI, tests).
     */
    async createUser(user: NewUser): Promise<User> {
      const posts = validatePosts(user.posts);
      assertCompatiblePosts(posts);
      try {
        // One statement: the user and their posts appear together or not at all.
        const [created] = await sql<{ id: string }[]>`
          with created as (
            insert into identity.users (treasury_id, login, name)
            values (${user.treasuryId}, ${user.login}, ${user.name})
            on conflict (login) do nothing
            returning id),
          held as (
            insert into identity.user_posts (user_id, post)
            select created.id, post from created, unnest(${posts}::text[]) as post),
          reported as (
            insert into identity.staff_changes (treasury_id, user_id, kind, detail)
            select ${user.treasuryId}, created.id, 'joined', ${sql.json({ posts: sortPosts(posts).join(',') })} from created)
          select id::text as id from created`;
        if (!created) throw loginTaken(user.login);
        return { id: created.id, login: user.login, treasuryId: user.treasuryId, name: user.name, posts: sortPosts(posts) };
      } catch (error) {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw loginTaken(user.login);
        throw error;
      }
    },

    async findUser(login: string): Promise<User | null> {
      const [row] = await sql<{ id: string; login: string; treasuryId: string; name: string; posts: string[] }[]>`
        select u.id::text as id, u.login, u.treasury_id as "treasuryId", u.name,
          array(select p.post from identity.user_posts p where p.user_id = u.id) as posts
        from identity.users u where u.login = ${login}`;
      return row ? { ...row, posts: sortPosts(row.posts as Post[]) } : null;
    },

    /** A new bearer token for `login`, valid `ttlDays` whole days (at most a month). */
    /** Trusted tooling (CLI, tests): a new bearer token for `login` without a password, `ttlDays` whole days (at most a month). */
    async issueToken(login: string, ttlDays: number = TOKEN_DEFAULT_TTL_DAYS): Promise<IssuedToken> {
      const issuedAt = new Date();
      return insertToken(login, issuedAt, tokenExpiry(issuedAt, ttlDays));
    },

    /** Trusted tooling (CLI, seed, tests): sets the password of `login`; it signs in for a month (R74). */
    async setPassword(login: string, password: string): Promise<PasswordChange> {
      assertPasswordAcceptable(password, login);
      const hash = await hashPassword(password);
      const [row] = await sql<{ changedAt: Date }[]>`
        update identity.users set password_hash = ${hash}, password_changed_at = now() where login = ${login}
        returning password_changed_at as "changedAt"`;
      if (!row) throw notFound('USER_NOT_FOUND', `no user ${login}`, { login });
      return { expiresAt: passwordExpiry(row.changedAt) };
    },

    /**
     * The person changes their own password (monthly, R74), proving it with the old one. Needs no token, so it
     * works with an expired password. INVALID_CREDENTIALS for a wrong old password or unknown login,
     * WEAK_PASSWORD, PASSWORD_UNCHANGED.
     */
    async changePassword(login: string, oldPassword: string, newPassword: string): Promise<PasswordChange> {
      assertPasswordAcceptable(newPassword, login);
      if (newPassword === oldPassword) throw failedPrecondition('PASSWORD_UNCHANGED', 'the new password must differ from the old one (R74)');
      const current = await checkPassword(login, oldPassword);
      const hash = await hashPassword(newPassword);
      // Compare-and-set: a concurrent change with the same old password wins once.
      const [row] = await sql<{ changedAt: Date }[]>`
        update identity.users set password_hash = ${hash}, password_changed_at = now()
        where id = ${current.id} and password_hash = ${current.passwordHash}
        returning password_changed_at as "changedAt"`;
      if (!row) throw invalidCredentials();
      return { expiresAt: passwordExpiry(row.changedAt) };
    },

    /**
     * Signs a person in with their own password (R74) and issues a bearer token, which never outlives the
     * password. INVALID_CREDENTIALS (wrong password, unknown login, no password set), PASSWORD_EXPIRED
     * (password older than 30 days: change it with changePassword), ON_LEAVE, INVALID_TOKEN_TTL.
     */
    async signIn(login: string, password: string, ttlDays: number = TOKEN_DEFAULT_TTL_DAYS): Promise<IssuedToken> {
      const issuedAt = new Date();
      const tokenEnd = tokenExpiry(issuedAt, ttlDays);
      const current = await checkPassword(login, password);
      assertPasswordCurrent(current.passwordChangedAt, issuedAt);
      assertNotOnLeave(login, current.onLeaveUntil);
      const passwordEnd = passwordExpiry(current.passwordChangedAt);
      return insertToken(login, issuedAt, passwordEnd < tokenEnd ? passwordEnd : tokenEnd);
    },

    /**
     * The caller a credential stands for: a person's bearer token or a machine principal's client key.
     * Nothing is cached, so a revoked credential stops working at once. A person on leave today
     * (Asia/Shanghai) is refused ON_LEAVE (R11); a post the person is handing over (R13) is left out of the
     * actor's posts until the handover completes, so every permission check downstream refuses it.
     */
    async authenticate(token: string): Promise<Actor> {
      if (token.startsWith(MACHINE_KEY_PREFIX)) return principals.authenticate(token);
      return personActor({ tokenHash: hashToken(token) }, new Date());
    },

    /**
     * The person `userId` as they may act today — current posts, leave, handovers — for re-checking a maker
     * when their request is finally approved. Refuses like `authenticate` (ON_LEAVE, INVALID_CREDENTIALS).
     */
    currentPerson(userId: string): Promise<Actor> {
      if (!/^[1-9][0-9]{0,18}$/.test(userId)) return Promise.reject(invalidCredentials());
      return personActor({ userId }, new Date());
    },

    /** Sign-out: the token is refused from the next call on. Revoking twice, or an unknown token, is a no-op. */
    async revokeToken(token: string): Promise<void> {
      await sql`update identity.tokens set revoked_at = now() where token_hash = ${hashToken(token)} and revoked_at is null`;
    },

    principals,
    ...createStaff(sql),
  };
}

export type Identity = ReturnType<typeof createIdentity>;

const loginTaken = (login: string) => alreadyExists('LOGIN_TAKEN', `login ${login} is taken`, { login });
