import { failedPrecondition, invalidArgument, permissionDenied, unavailable, type DomainError } from '@jinku/kernel';

export interface SignInLimit {
  /** Counted failures that block the subject. */
  readonly failures: number;
  /** Each failure must come within this long of the one before to count on; the block then lasts as long. */
  readonly minutes: number;
}

/**
 * Guessing someone else's password must stay slow (R74: everyone works under their own identity). A
 * sign-in counts as a failure from the moment it is admitted until its password proves right, so concurrent
 * guesses cannot slip past the count. A login is blocked after 5 consecutive failures — a right password or
 * a system admin's unlock clears it; a client address after 30 failures whatever the logins — a right
 * password gives back only its own attempt, so knowing one password does not reset the count while spraying
 * others. Both clear themselves once `minutes` pass without a failure.
 */
export const SIGN_IN_LIMITS = {
  login: { failures: 5, minutes: 30 },
  address: { failures: 30, minutes: 15 },
} as const satisfies Record<string, SignInLimit>;

export type SignInSubject = keyof typeof SIGN_IN_LIMITS;

/** Logins are short names like `sz.operator`; a longer one is refused before it reaches a table or an index. */
export const LOGIN_MAX_LENGTH = 64;

export function assertLoginAcceptable(login: string): void {
  if (login.length > LOGIN_MAX_LENGTH) throw invalidArgument('LOGIN_TOO_LONG', `a login has at most ${LOGIN_MAX_LENGTH} characters`);
}

/**
 * PERMISSION_DENIED `LOGIN_LOCKED`: the login does not sign in, whatever the password, until `lockedUntil`
 * or until a system admin unlocks it. Like ON_LEAVE, it refuses the person rather than the credentials.
 */
export function loginLocked(login: string, lockedUntil: Date): DomainError {
  const { failures } = SIGN_IN_LIMITS.login;
  return permissionDenied(
    'LOGIN_LOCKED',
    `${login} is locked after ${failures} wrong passwords until ${lockedUntil.toISOString()}; a system admin may unlock it sooner`,
    { lockedUntil: lockedUntil.toISOString() },
  );
}

/**
 * FAILED_PRECONDITION `TOO_MANY_ATTEMPTS`: the client address has failed too often, retry after `retryAfter`.
 * Not UNAVAILABLE, which clients retry by themselves, and the kernel has no RESOURCE_EXHAUSTED: the call
 * cannot succeed until the throttle's state changes, which time does.
 */
export function tooManyAttempts(address: string, retryAfter: Date): DomainError {
  return failedPrecondition('TOO_MANY_ATTEMPTS', `too many failed sign-ins from ${address}; retry after ${retryAfter.toISOString()}`, {
    retryAfter: retryAfter.toISOString(),
  });
}

/** UNAVAILABLE `PASSWORD_CHECKS_BUSY`: the server is checking as many passwords as it may at once; retry shortly. */
export function passwordChecksBusy(retryAfter: Date): DomainError {
  return unavailable('PASSWORD_CHECKS_BUSY', 'too many passwords are being checked at once; retry in a moment', { retryAfter: retryAfter.toISOString() });
}
