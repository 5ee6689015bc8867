import { invalidArgument, unauthenticated } from '@jinku/kernel';

/** Passwords change monthly (R74): one set more than this many days ago no longer signs in. */
export const PASSWORD_MAX_AGE_DAYS = 30;
export const PASSWORD_MIN_LENGTH = 10;
/** Far above any real password; keeps a caller from making the server hash megabytes. */
export const PASSWORD_MAX_LENGTH = 256;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Characters of `password`, counted no further than the cap allows: a huge input costs nothing to refuse. */
function cappedLength(password: string): number {
  // A character is at most two UTF-16 code units, so a longer string is over the cap without counting.
  return password.length > 2 * PASSWORD_MAX_LENGTH ? PASSWORD_MAX_LENGTH + 1 : [...password].length;
}

/** Whether `password` is short enough to be one we accepted; checked before anything hashes it. */
export function isWithinPasswordCap(password: string): boolean {
  return cappedLength(password) <= PASSWORD_MAX_LENGTH;
}

/** A new password's shape: 10–256 characters, not all the same character, not the login. */
export function assertPasswordAcceptable(password: string, login: string): void {
  const length = cappedLength(password);
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    throw invalidArgument('WEAK_PASSWORD', `a password has ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`);
  }
  if (new Set(password).size === 1 || password.toLowerCase().includes(login.toLowerCase())) {
    throw invalidArgument('WEAK_PASSWORD', 'a password must not repeat one character or contain the login');
  }
}

/** When a password set at `changedAt` stops signing in. */
export function passwordExpiry(changedAt: Date): Date {
  return new Date(changedAt.getTime() + PASSWORD_MAX_AGE_DAYS * DAY_MS);
}

/**
 * UNAUTHENTICATED `PASSWORD_EXPIRED` once the password is older than a month (R74). The person
 * changes it with ChangePassword, giving the old one; that path needs no token.
 */
export function assertPasswordCurrent(changedAt: Date, now: Date): void {
  const expiry = passwordExpiry(changedAt);
  if (expiry.getTime() <= now.getTime()) {
    throw unauthenticated(
      'PASSWORD_EXPIRED',
      `the password expired at ${expiry.toISOString()} (passwords change monthly, R74); change it with ChangePassword, giving the old one`,
      { expiredAt: expiry.toISOString() },
    );
  }
}
