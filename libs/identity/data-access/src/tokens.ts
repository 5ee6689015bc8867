import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '@jinku/db';
import { notFound } from '@jinku/kernel';

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

/** A new bearer token of `login`, kept only as its hash; USER_NOT_FOUND for an unknown login. */
export async function insertToken(sql: Sql, login: string, issuedAt: Date, expiresAt: Date): Promise<IssuedToken> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const inserted = await sql`
    insert into identity.tokens (user_id, token_hash, issued_at, expires_at)
    select id, ${hashToken(token)}, ${issuedAt}, ${expiresAt} from identity.users where login = ${login}
    returning id`;
  if (inserted.length === 0) throw notFound('USER_NOT_FOUND', `no user ${login}`, { login });
  return { token, expiresAt };
}
