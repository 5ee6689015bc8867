import type { Sql, Tx } from '@jinku/db';
import { loginLocked, SIGN_IN_LIMITS, tooManyAttempts, type SignInSubject } from '@jinku/identity-domain';

/** Who a sign-in names and where it comes from (the client's IP address, as the transport saw it). */
export interface SignInAttempt {
  readonly login: string;
  readonly address: string;
}

const period = (q: Sql | Tx, kind: SignInSubject) => q`make_interval(mins => ${SIGN_IN_LIMITS[kind].minutes})`;

/** Whether the `sign_in_failures` row `f` blocks its subject now. */
const isBlocked = (q: Sql | Tx, kind: SignInSubject) =>
  q`(f.failures >= ${SIGN_IN_LIMITS[kind].failures} and f.last_failure_at > now() - ${period(q, kind)})`;

const blockedUntil = (q: Sql | Tx, kind: SignInSubject) => q`f.last_failure_at + ${period(q, kind)}`;

/**
 * Counts one failure against the subject unless it is blocked; returns when the block ends if it is. The
 * upsert locks the row, so concurrent attempts are counted one after another and none slips past a block.
 */
async function countFailure(tx: Tx, kind: SignInSubject, subject: string): Promise<Date | null> {
  const counted = await tx`
    insert into identity.sign_in_failures as f (kind, subject, failures, last_failure_at)
    values (${kind}, ${subject}, 1, now())
    on conflict (kind, subject) do update set
      failures = case when f.last_failure_at > now() - ${period(tx, kind)} then f.failures + 1 else 1 end,
      last_failure_at = now()
    where not ${isBlocked(tx, kind)}
    returning 1`;
  if (counted.length > 0) return null;
  const [row] = await tx<{ until: Date }[]>`
    select ${blockedUntil(tx, kind)} as until from identity.sign_in_failures f where f.kind = ${kind} and f.subject = ${subject}`;
  return row!.until;
}

const giveBack = (tx: Tx, kind: SignInSubject, subject: string) =>
  tx`update identity.sign_in_failures set failures = failures - 1 where kind = ${kind} and subject = ${subject} and failures > 0`;

/**
 * The sign-in limits (`SIGN_IN_LIMITS`, R74) over the `sign_in_failures` counters. Every transaction
 * touches the login's row before the address's, so two of them never wait for each other in a circle.
 */
export function createSignInGuard(sql: Sql) {
  return {
    /**
     * Counts the attempt against its login and its address before its password is checked, so concurrent
     * guesses are counted before any of them runs scrypt. A blocked login is refused LOGIN_LOCKED, a blocked
     * address TOO_MANY_ATTEMPTS; a refused attempt counts against neither.
     */
    async admit(attempt: SignInAttempt): Promise<void> {
      await sql.begin(async (tx) => {
        const lockedUntil = await countFailure(tx, 'login', attempt.login);
        if (lockedUntil) throw loginLocked(attempt.login, lockedUntil);
        const retryAfter = await countFailure(tx, 'address', attempt.address);
        if (retryAfter) throw tooManyAttempts(attempt.address, retryAfter);
      });
    },

    /** The password proved right: the login's failures are cleared; the address gets back this attempt only. */
    async succeeded(attempt: SignInAttempt): Promise<void> {
      await sql.begin(async (tx) => {
        await tx`delete from identity.sign_in_failures where kind = 'login' and subject = ${attempt.login}`;
        await giveBack(tx, 'address', attempt.address);
      });
    },

    /** Nothing was learnt about the password (it was never checked): the attempt counts against nobody. */
    async withdrawn(attempt: SignInAttempt): Promise<void> {
      await sql.begin(async (tx) => {
        await giveBack(tx, 'login', attempt.login);
        await giveBack(tx, 'address', attempt.address);
      });
    },
  };
}

/** Lifts the lock of `login` in the caller's transaction: when it would have ended, or null if it is not locked. */
export async function clearLoginLock(tx: Tx, login: string): Promise<Date | null> {
  const [row] = await tx<{ lockedUntil: Date }[]>`
    delete from identity.sign_in_failures f
    where f.kind = 'login' and f.subject = ${login} and ${isBlocked(tx, 'login')}
    returning ${blockedUntil(tx, 'login')} as "lockedUntil"`;
  return row?.lockedUntil ?? null;
}
