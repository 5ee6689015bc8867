import { invalidArgument, unauthenticated, type DomainError } from '@jinku/kernel';

/** Credentials rotate monthly (R74): no bearer token lives longer than a month. */
export const TOKEN_MAX_TTL_DAYS = 31;
export const TOKEN_DEFAULT_TTL_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a token issued at `issuedAt` for `ttlDays` whole days stops working. */
export function tokenExpiry(issuedAt: Date, ttlDays: number): Date {
  if (!Number.isInteger(ttlDays) || ttlDays < 1 || ttlDays > TOKEN_MAX_TTL_DAYS) {
    throw invalidArgument('INVALID_TOKEN_TTL', `a token lives 1 to ${TOKEN_MAX_TTL_DAYS} whole days, got ${ttlDays}`, {
      ttlDays: String(ttlDays),
    });
  }
  return new Date(issuedAt.getTime() + ttlDays * DAY_MS);
}

/** UNAUTHENTICATED `INVALID_CREDENTIALS`: the same words for every bad credential, so none tells more than another. */
export function invalidCredentials(): DomainError {
  return unauthenticated('INVALID_CREDENTIALS', 'the credentials are not valid');
}

/** The stored state of a token, as far as its use is concerned. */
export interface TokenState {
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
}

/**
 * A token works until it is revoked (sign-out, R74) or expires. A revoked token is refused as invalid
 * even once it has also expired: the caller signed out and must not be told to "renew".
 */
export function assertTokenUsable(token: TokenState, now: Date): void {
  if (token.revokedAt !== null) throw invalidCredentials();
  if (token.expiresAt.getTime() <= now.getTime()) {
    throw unauthenticated('CREDENTIALS_EXPIRED', `the credentials expired at ${token.expiresAt.toISOString()}; ask for new ones`);
  }
}
