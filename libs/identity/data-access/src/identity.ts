import type { Database } from '@jinku/db';
import { alreadyExists, type Actor, type Post } from '@jinku/kernel';
import {
  assertCompatiblePosts,
  assertLoginAcceptable,
  assertNotOnLeave,
  assertTokenUsable,
  invalidCredentials,
  sortPosts,
  staffDate,
  TOKEN_DEFAULT_TTL_DAYS,
  tokenExpiry,
  validatePosts,
} from '@jinku/identity-domain';
import { createPrincipals, MACHINE_KEY_PREFIX } from './principals';
import { createSignIn } from './sign-in';
import { createStaff } from './staff';
import { hashToken, insertToken, type IssuedToken } from './tokens';

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

/**
 * The identity context's public API (SPEC §11, R6–R14, R74): users with their posts and bearer tokens, the
 * passwords and sign-in of `createSignIn`, and the staff matters of `createStaff` (post assignment,
 * handovers, leave, unlocking a login, staff changes).
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

  return {
    /**
     * Registers a person of a treasury with their posts (incompatible ones refused, R6, R17) and reports it as
     * a staff change. Trusted callers only (seed, CLI, tests).
     */
    async createUser(user: NewUser): Promise<User> {
      assertLoginAcceptable(user.login);
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

    /** Trusted tooling (CLI, tests): a new bearer token for `login` without a password, `ttlDays` whole days (at most a month). */
    async issueToken(login: string, ttlDays: number = TOKEN_DEFAULT_TTL_DAYS): Promise<IssuedToken> {
      const issuedAt = new Date();
      return insertToken(sql, login, issuedAt, tokenExpiry(issuedAt, ttlDays));
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
    ...createSignIn(sql),
    ...createStaff(sql),
  };
}

export type Identity = ReturnType<typeof createIdentity>;

const loginTaken = (login: string) => alreadyExists('LOGIN_TAKEN', `login ${login} is taken`, { login });
