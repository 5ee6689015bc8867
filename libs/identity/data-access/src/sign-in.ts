import type { Sql } from '@jinku/db';
import { failedPrecondition, notFound } from '@jinku/kernel';
import {
  assertNotOnLeave,
  assertPasswordAcceptable,
  assertPasswordCurrent,
  invalidCredentials,
  isWithinPasswordCap,
  LOGIN_MAX_LENGTH,
  passwordExpiry,
  staffDate,
  TOKEN_DEFAULT_TTL_DAYS,
  tokenExpiry,
} from '@jinku/identity-domain';
import { hashPassword, spendDecoyVerification, verifyPassword } from './passwords';
import { createSignInGuard, type SignInAttempt } from './sign-in-guard';
import { insertToken, type IssuedToken } from './tokens';

export interface PasswordChange {
  /** The new password signs in until then (a month, R74). */
  readonly expiresAt: Date;
}

interface PasswordRow {
  id: string;
  passwordHash: string | null;
  passwordChangedAt: Date | null;
  onLeaveUntil: string | null;
}

type StoredPassword = PasswordRow & { passwordHash: string; passwordChangedAt: Date };

/**
 * Passwords and sign-in (R74): a person's own password, changed monthly, checked behind the sign-in limits
 * (`SIGN_IN_LIMITS`) and a bound on concurrent scrypt work. A password change or reset ends every session
 * of the person: ChangePassword takes no token (it must work with an expired password), so there is no
 * "current" session to keep, and whoever held an old token must sign in again with the new password.
 */
export function createSignIn(sql: Sql) {
  const guard = createSignInGuard(sql);

  /** The stored password of `login` if `password` matches it, null otherwise, in about the same time. */
  const matchPassword = async (login: string, password: string): Promise<StoredPassword | null> => {
    const [row] = await sql<PasswordRow[]>`
      select u.id::text as id, u.password_hash as "passwordHash", u.password_changed_at as "passwordChangedAt",
        (select max(l.to_date)::text from identity.leaves l
         where l.user_id = u.id and ${staffDate(new Date())}::date between l.from_date and l.to_date) as "onLeaveUntil"
      from identity.users u where u.login = ${login}`;
    const { passwordHash, passwordChangedAt } = row ?? {};
    if (!row || !passwordHash || !passwordChangedAt) {
      await spendDecoyVerification(password);
      return null;
    }
    return (await verifyPassword(password, passwordHash)) ? { ...row, passwordHash, passwordChangedAt } : null;
  };

  /**
   * `matchPassword` behind the sign-in limits: input too long to be a login or password is refused before
   * anything is counted or hashed, a blocked login or address before scrypt runs. INVALID_CREDENTIALS for
   * a wrong password, which stays counted.
   */
  const checkPassword = async (attempt: SignInAttempt, password: string): Promise<StoredPassword> => {
    if (attempt.login.length > LOGIN_MAX_LENGTH || !isWithinPasswordCap(password)) throw invalidCredentials();
    await guard.admit(attempt);
    const stored = await matchPassword(attempt.login, password).catch(async (error: unknown) => {
      // No scrypt slot or a database error: nothing was learnt about the password. Best effort — if the
      // database is what failed, the attempt stays counted, and the original error is the one to report.
      await guard.withdrawn(attempt).catch(() => undefined);
      throw error;
    });
    if (!stored) throw invalidCredentials();
    await guard.succeeded(attempt);
    return stored;
  };

  /** Sets the password hash and revokes every token of the person, in one statement. */
  const storePassword = async (hash: string, where: { login: string } | { id: string; oldHash: string }): Promise<PasswordChange | null> => {
    const [row] = await sql<{ changedAt: Date }[]>`
      with changed as (
        update identity.users set password_hash = ${hash}, password_changed_at = now()
        where ${'login' in where ? sql`login = ${where.login}` : sql`id = ${where.id} and password_hash = ${where.oldHash}`}
        returning id, password_changed_at),
      revoked as (
        update identity.tokens set revoked_at = now() where revoked_at is null and user_id in (select id from changed))
      select password_changed_at as "changedAt" from changed`;
    return row ? { expiresAt: passwordExpiry(row.changedAt) } : null;
  };

  return {
    /** Trusted tooling (CLI, seed, tests): resets the password of `login`, signing every session out (R74). */
    async setPassword(login: string, password: string): Promise<PasswordChange> {
      assertPasswordAcceptable(password, login);
      const change = await storePassword(await hashPassword(password), { login });
      if (!change) throw notFound('USER_NOT_FOUND', `no user ${login}`, { login });
      return change;
    },

    /**
     * The person changes their own password (monthly, R74), proving it with the old one from `clientAddress`.
     * Needs no token, so it works with an expired password; every token of the person is revoked.
     * INVALID_CREDENTIALS for a wrong old password or unknown login, WEAK_PASSWORD, PASSWORD_UNCHANGED,
     * LOGIN_LOCKED, TOO_MANY_ATTEMPTS.
     */
    async changePassword(login: string, oldPassword: string, newPassword: string, clientAddress: string): Promise<PasswordChange> {
      assertPasswordAcceptable(newPassword, login);
      if (newPassword === oldPassword) throw failedPrecondition('PASSWORD_UNCHANGED', 'the new password must differ from the old one (R74)');
      const current = await checkPassword({ login, address: clientAddress }, oldPassword);
      // Compare-and-set: of two concurrent changes with the same old password, one wins.
      const change = await storePassword(await hashPassword(newPassword), { id: current.id, oldHash: current.passwordHash });
      if (!change) throw invalidCredentials();
      return change;
    },

    /**
     * Signs a person in from `clientAddress` with their own password (R74) and issues a bearer token, which
     * never outlives the password. INVALID_CREDENTIALS (wrong password, unknown login, no password set),
     * LOGIN_LOCKED, TOO_MANY_ATTEMPTS, PASSWORD_EXPIRED (older than 30 days: change it with changePassword),
     * ON_LEAVE, INVALID_TOKEN_TTL.
     */
    async signIn(login: string, password: string, clientAddress: string, ttlDays: number = TOKEN_DEFAULT_TTL_DAYS): Promise<IssuedToken> {
      const issuedAt = new Date();
      const tokenEnd = tokenExpiry(issuedAt, ttlDays);
      const current = await checkPassword({ login, address: clientAddress }, password);
      assertPasswordCurrent(current.passwordChangedAt, issuedAt);
      assertNotOnLeave(login, current.onLeaveUntil);
      const passwordEnd = passwordExpiry(current.passwordChangedAt);
      return insertToken(sql, login, issuedAt, passwordEnd < tokenEnd ? passwordEnd : tokenEnd);
    },
  };
}
