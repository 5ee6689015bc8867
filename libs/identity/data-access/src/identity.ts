import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '@jinku/db';
import { alreadyExists, notFound, unauthenticated, type Actor, type Post } from '@jinku/kernel';
import { assertTokenUsable, sortPosts, TOKEN_DEFAULT_TTL_DAYS, tokenExpiry, validatePosts } from '@jinku/identity-domain';

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

/** The identity context's public API: users with their posts, and bearer tokens (SPEC §11, R74). */
export function createIdentity(database: Database) {
  const { sql } = database;

  return {
    /** Registers a person of a treasury with their posts. Trusted callers only (seed, CLI, tests). */
    async createUser(user: NewUser): Promise<User> {
      const posts = validatePosts(user.posts);
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
            select created.id, post from created, unnest(${posts}::text[]) as post)
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
    async issueToken(login: string, ttlDays: number = TOKEN_DEFAULT_TTL_DAYS): Promise<IssuedToken> {
      const issuedAt = new Date();
      const expiresAt = tokenExpiry(issuedAt, ttlDays);
      const token = newToken();
      const inserted = await sql`
        insert into identity.tokens (user_id, token_hash, issued_at, expires_at)
        select id, ${hashToken(token)}, ${issuedAt}, ${expiresAt} from identity.users where login = ${login}
        returning id`;
      if (inserted.length === 0) throw notFound('USER_NOT_FOUND', `no user ${login}`, { login });
      return { token, expiresAt };
    },

    /**
     * The caller a token stands for. Nothing is cached, so a revoked token stops working at once;
     * token, user and posts come back in one query.
     */
    async authenticate(token: string): Promise<Actor> {
      const [row] = await sql<
        { userId: string; login: string; treasuryId: string; posts: string[]; expiresAt: Date; revokedAt: Date | null }[]
      >`
        select u.id::text as "userId", u.login, u.treasury_id as "treasuryId",
          array(select p.post from identity.user_posts p where p.user_id = u.id) as posts,
          t.expires_at as "expiresAt", t.revoked_at as "revokedAt"
        from identity.tokens t join identity.users u on u.id = t.user_id
        where t.token_hash = ${hashToken(token)}`;
      if (!row) throw unauthenticated('INVALID_CREDENTIALS', 'the credentials are not valid');
      assertTokenUsable(row, new Date());
      return { userId: row.userId, login: row.login, treasuryId: row.treasuryId, posts: sortPosts(row.posts as Post[]) };
    },

    /** Sign-out: the token is refused from the next call on. Revoking twice, or an unknown token, is a no-op. */
    async revokeToken(token: string): Promise<void> {
      await sql`update identity.tokens set revoked_at = now() where token_hash = ${hashToken(token)} and revoked_at is null`;
    },
  };
}

export type Identity = ReturnType<typeof createIdentity>;

const loginTaken = (login: string) => alreadyExists('LOGIN_TAKEN', `login ${login} is taken`, { login });
