import type { BinaryLike, ScryptOptions } from 'node:crypto';
import { refusalOf } from '@jinku/kernel/testing';
import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdentity, type Identity } from './identity';
import { identityMigrations } from './migrations';
import { SCRYPT_LIMITS } from './passwords';

/** Every scrypt computation of this file, counted as it starts and ends: how many ran, how many at once. */
const scrypts = vi.hoisted(() => ({ started: 0, running: 0, peak: 0 }));

vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  const scrypt = (password: BinaryLike, salt: BinaryLike, keyLength: number, options: ScryptOptions, done: (error: Error | null, key: Buffer) => void) => {
    scrypts.started += 1;
    scrypts.peak = Math.max(scrypts.peak, ++scrypts.running);
    crypto.scrypt(password, salt, keyLength, options, (error, key) => {
      scrypts.running -= 1;
      done(error, key);
    });
  };
  return { ...crypto, scrypt };
});

let database: TestDatabase;
let identity: Identity;
beforeAll(async () => {
  database = await createTestDatabase([identityMigrations]);
  identity = createIdentity(database);
});
afterAll(() => database?.drop());
beforeEach(() => Object.assign(scrypts, { started: 0, running: 0, peak: 0 }));

/** How many of the calls ended in each refusal reason. */
async function reasonsOf(calls: Promise<unknown>[]): Promise<Record<string, number>> {
  const reasons: Record<string, number> = {};
  for (const refusal of await Promise.all(calls.map((c) => refusalOf(c)))) reasons[refusal.reason] = (reasons[refusal.reason] ?? 0) + 1;
  return reasons;
}

describe('the cost of refused sign-ins (R74)', () => {
  it('runs at most 4 scrypt at once however many sign-ins arrive; the rest wait briefly, then are refused PASSWORD_CHECKS_BUSY', async () => {
    const reasons = await reasonsOf(Array.from({ length: 60 }, (_, i) => identity.signIn(`flood.${i}`, 'a guessed password', `198.51.100.${i}`)));

    expect(scrypts.peak).toBe(SCRYPT_LIMITS.permits);
    expect(Object.keys(reasons).sort()).toEqual(['INVALID_CREDENTIALS', 'PASSWORD_CHECKS_BUSY']);
    expect(scrypts.started).toBe(reasons['INVALID_CREDENTIALS']);
    // A refused check taught nothing about a password, so it is held against nobody.
    const [held] = await database.sql<{ n: number }[]>`select coalesce(sum(failures), 0)::int as n from identity.sign_in_failures where kind = 'login'`;
    expect(held!.n).toBe(reasons['INVALID_CREDENTIALS']);
  });

  it('counts concurrent guesses at one login before any is checked: of 20 at once, 5 run scrypt and 15 are refused LOGIN_LOCKED', async () => {
    await identity.createUser({ treasuryId: 'SZ', login: 'sz.target', name: '收入岗', posts: ['income_operator'] });
    await identity.setPassword('sz.target', 'the right password');
    scrypts.started = 0;

    const reasons = await reasonsOf(Array.from({ length: 20 }, (_, i) => identity.signIn('sz.target', `guess number ${i}`, `203.0.113.${i}`)));

    expect(reasons).toEqual({ INVALID_CREDENTIALS: 5, LOGIN_LOCKED: 15 });
    expect(scrypts.started).toBe(5);
  });

  it('hashes no password longer than the cap', async () => {
    expect(await refusalOf(identity.signIn('sz.target', 'p'.repeat(4_000_000), '203.0.113.200'))).toMatchObject({ reason: 'INVALID_CREDENTIALS' });
    expect(scrypts.started).toBe(0);
  });
});
