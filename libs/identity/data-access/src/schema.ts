import { sql } from 'drizzle-orm';
import { bigint, check, index, pgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** The identity context's own PostgreSQL schema: people, their posts and their bearer tokens. */
export const identity = pgSchema('identity');

const id = (name: string) => bigint(name, { mode: 'bigint' });
const instant = (name: string) => timestamp(name, { withTimezone: true });

export const users = identity.table('users', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  treasuryId: text('treasury_id').notNull(),
  login: text('login').notNull().unique('users_login'),
  name: text('name').notNull(),
  createdAt: instant('created_at').notNull().defaultNow(),
});

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
