import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { passwordChecksBusy } from '@jinku/identity-domain';
import { Semaphore, type SemaphoreLimits } from './semaphore';

/** scrypt cost (N = 2^15, r = 8, p = 1: about 32 MiB and tens of milliseconds per hash). */
const COST = { N: 32_768, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/**
 * scrypt computations at once in this process, whoever asks: each holds 32 MiB and one of the 4 threads of
 * libuv's pool. A flood of sign-ins waits briefly in line and is then refused PASSWORD_CHECKS_BUSY instead
 * of taking the server's memory and CPU.
 */
export const SCRYPT_LIMITS: SemaphoreLimits = { permits: 4, maxWaitMs: 2_000, maxWaiting: 16 };

const scryptSlots = new Semaphore(SCRYPT_LIMITS, () => passwordChecksBusy(new Date(Date.now() + SCRYPT_LIMITS.maxWaitMs)));

function derive(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return scryptSlots.run(
    () =>
      new Promise((resolve, reject) =>
        scrypt(password.normalize('NFC'), salt, keyLength, { ...options, maxmem: 128 * options.N! * options.r! * 2 }, (error, key) =>
          error ? reject(error) : resolve(key),
        ),
      ),
  );
}

/** `scrypt$N$r$p$salt$key`, base64url, with a fresh random salt: the only form a password is kept in. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, KEY_LENGTH, COST);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Whether `password` matches a stored hash, in constant time; a malformed hash matches nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = FORMAT.exec(stored);
  if (!match) return false;
  const [, n, r, p, salt, key] = match;
  const expected = Buffer.from(key!, 'base64url');
  const actual = await derive(password, Buffer.from(salt!, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

/** A stored form no password matches (its key is random), at the same cost as a real one. */
const DECOY = `scrypt$${COST.N}$${COST.r}$${COST.p}$${randomBytes(SALT_LENGTH).toString('base64url')}$${randomBytes(KEY_LENGTH).toString('base64url')}`;

/** Spent on unknown logins so that their refusal takes as long as a wrong password's. */
export async function spendDecoyVerification(password: string): Promise<void> {
  await verifyPassword(password, DECOY);
}
