import { refusalOf } from '@jinku/kernel/testing';
import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import { SIGN_IN_LIMITS, type SignInSubject } from '@jinku/identity-domain';
import type { Actor, Post } from '@jinku/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentity, type Identity } from './identity';
import { identityMigrations } from './migrations';

let database: TestDatabase;
let identity: Identity;
/** SZ is the branch (分库) over the agent sub-treasuries SZ-FT and SZ-NS. */
const jurisdictionOf = async (treasuryId: string) => ({ reach: treasuryId === 'SZ' ? ['SZ', 'SZ-FT', 'SZ-NS'] : [treasuryId], jurisdictionId: 'SZ' });

beforeAll(async () => {
  database = await createTestDatabase([identityMigrations]);
  identity = createIdentity(database, { jurisdictionOf });
});
afterAll(() => database?.drop());

let serial = 0;
/** A person with posts (and a password if given), and the Actor a token of theirs authenticates as. */
async function person(treasuryId: string, posts: Post[], password?: string): Promise<Actor> {
  const login = `${treasuryId.toLowerCase()}.p${++serial}`;
  await identity.createUser({ treasuryId, login, name: login, posts });
  if (password) await identity.setPassword(login, password);
  return identity.authenticate((await identity.issueToken(login)).token);
}

/** A client address of its own per test, so that one test's failures do not throttle another's. */
const newAddress = () => `192.0.2.${++serial}`;

async function failWith(login: string, times: number, address: string): Promise<void> {
  for (let i = 0; i < times; i++) {
    expect(await refusalOf(identity.signIn(login, `wrong guess ${i}`, address))).toMatchObject({ kind: 'unauthenticated', reason: 'INVALID_CREDENTIALS' });
  }
}

const tokenCount = async () => (await database.sql`select 1 from identity.tokens`).length;

const failuresHeld = async (kind: SignInSubject, subject: string) => {
  const [row] = await database.sql<{ failures: number }[]>`select failures from identity.sign_in_failures where kind = ${kind} and subject = ${subject}`;
  return row?.failures ?? 0;
};

describe('passwords (R74)', () => {
  const from = newAddress();

  it('signs in with the own password; the token acts as the person and never outlives the password', async () => {
    const clerk = await person('SZ', ['income_operator']);
    const { expiresAt: passwordExpires } = await identity.setPassword(clerk.login, 'first secret 2026');
    const { token, expiresAt } = await identity.signIn(clerk.login, 'first secret 2026', from);
    expect(await identity.authenticate(token)).toEqual(clerk);
    expect(expiresAt.getTime()).toBeLessThanOrEqual(passwordExpires.getTime());
    const [stored] = await database.sql<{ password_hash: string }[]>`select password_hash from identity.users where login = ${clerk.login}`;
    expect(stored!.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
    expect(stored!.password_hash).not.toContain('first secret');
    await identity.revokeToken(token);
    expect(await refusalOf(identity.authenticate(token))).toMatchObject({ reason: 'INVALID_CREDENTIALS' });
  });

  it('refuses a wrong password, an unknown login and a person without a password alike', async () => {
    const clerk = await person('SZ', ['income_operator']);
    const bare = await person('SZ', ['reviewer']);
    await identity.setPassword(clerk.login, 'right password 1');
    for (const [login, password] of [
      [clerk.login, 'wrong password 1'],
      ['nobody', 'right password 1'],
      [bare.login, 'right password 1'],
    ] as const) {
      expect(await refusalOf(identity.signIn(login, password, from))).toMatchObject({ kind: 'unauthenticated', reason: 'INVALID_CREDENTIALS' });
    }
  });

  it('refuses a password older than a month with PASSWORD_EXPIRED; changing it with the old one signs in again', async () => {
    const clerk = await person('SZ', ['income_operator']);
    await identity.setPassword(clerk.login, 'january secret');
    await database.sql`update identity.users set password_changed_at = now() - interval '31 days' where login = ${clerk.login}`;
    const tokensBefore = await tokenCount();
    const expired = await refusalOf(identity.signIn(clerk.login, 'january secret', from));
    expect(expired).toMatchObject({ kind: 'unauthenticated', reason: 'PASSWORD_EXPIRED', message: expect.stringContaining('ChangePassword') });
    expect(await tokenCount()).toBe(tokensBefore);

    expect(await refusalOf(identity.changePassword(clerk.login, 'not the old one', 'february secret', from))).toMatchObject({ reason: 'INVALID_CREDENTIALS' });
    expect(await refusalOf(identity.changePassword(clerk.login, 'january secret', 'january secret', from))).toMatchObject({ reason: 'PASSWORD_UNCHANGED' });
    expect(await refusalOf(identity.changePassword(clerk.login, 'january secret', 'short', from))).toMatchObject({ reason: 'WEAK_PASSWORD' });
    const { expiresAt } = await identity.changePassword(clerk.login, 'january secret', 'february secret', from);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    expect(await refusalOf(identity.signIn(clerk.login, 'january secret', from))).toMatchObject({ reason: 'INVALID_CREDENTIALS' });
    const { token } = await identity.signIn(clerk.login, 'february secret', from);
    expect((await identity.authenticate(token)).login).toBe(clerk.login);
  });

  it('refuses a weak password when set by tooling', async () => {
    const clerk = await person('SZ', ['income_operator']);
    expect(await refusalOf(identity.setPassword(clerk.login, `${clerk.login}-2026`))).toMatchObject({ reason: 'WEAK_PASSWORD' });
    expect(await refusalOf(identity.setPassword('nobody', 'a fine password'))).toMatchObject({ reason: 'USER_NOT_FOUND' });
  });

  it('a password change or reset ends every session of the person, and nobody else\'s', async () => {
    const clerk = await person('SZ', ['income_operator'], 'march secret 1');
    const other = await person('SZ', ['reviewer'], 'march secret 2');
    const issued = await identity.issueToken(clerk.login);
    const signedIn = await identity.signIn(clerk.login, 'march secret 1', from);
    const othersToken = (await identity.issueToken(other.login)).token;

    await identity.changePassword(clerk.login, 'march secret 1', 'april secret 1', from);
    for (const { token } of [issued, signedIn]) {
      expect(await refusalOf(identity.authenticate(token))).toMatchObject({ kind: 'unauthenticated', reason: 'INVALID_CREDENTIALS' });
    }
    const { token } = await identity.signIn(clerk.login, 'april secret 1', from);
    expect((await identity.authenticate(token)).login).toBe(clerk.login);

    await identity.setPassword(clerk.login, 'reset secret 1');
    expect(await refusalOf(identity.authenticate(token))).toMatchObject({ reason: 'INVALID_CREDENTIALS' });
    expect((await identity.authenticate(othersToken)).login).toBe(other.login);
  });
});

describe('sign-in limits (R74)', () => {
  it('locks a login after 5 consecutive wrong passwords: even the right one is refused LOGIN_LOCKED, with the unlock time', async () => {
    const clerk = await person('SZ', ['income_operator'], 'right password 1');
    const address = newAddress();
    await failWith(clerk.login, 4, address);
    // A right password clears the count: the failures must be consecutive.
    await identity.signIn(clerk.login, 'right password 1', address);
    await failWith(clerk.login, 5, address);

    const refused = await refusalOf(identity.signIn(clerk.login, 'right password 1', address));
    expect(refused).toMatchObject({ kind: 'permission_denied', reason: 'LOGIN_LOCKED', details: { lockedUntil: expect.any(String) } });
    const lockedFor = Date.parse(refused.details['lockedUntil']!) - Date.now();
    expect(lockedFor).toBeGreaterThan(29 * 60_000);
    expect(lockedFor).toBeLessThanOrEqual(30 * 60_000);
    // The lock is on the login, wherever the next attempt comes from, and ChangePassword obeys it too.
    expect(await refusalOf(identity.signIn(clerk.login, 'right password 1', newAddress()))).toMatchObject({ reason: 'LOGIN_LOCKED' });
    expect(await refusalOf(identity.changePassword(clerk.login, 'right password 1', 'brand new password', address))).toMatchObject({ reason: 'LOGIN_LOCKED' });
    expect(await failuresHeld('login', clerk.login)).toBe(SIGN_IN_LIMITS.login.failures);
  });

  it('locks an unknown login alike, so a lock does not tell whether a login exists', async () => {
    const address = newAddress();
    await failWith('nobody.here', 5, address);
    expect(await refusalOf(identity.signIn('nobody.here', 'any password at all', address))).toMatchObject({ reason: 'LOGIN_LOCKED' });
  });

  it('keeps a lock in the database, not the process, until 30 minutes after the last failure', async () => {
    const clerk = await person('SZ', ['income_operator'], 'right password 1');
    const address = newAddress();
    await failWith(clerk.login, 5, address);
    const restarted = createIdentity(database, { jurisdictionOf });
    expect(await refusalOf(restarted.signIn(clerk.login, 'right password 1', address))).toMatchObject({ reason: 'LOGIN_LOCKED' });

    await database.sql`
      update identity.sign_in_failures set last_failure_at = last_failure_at - interval '30 minutes'
      where kind = 'login' and subject = ${clerk.login}`;
    expect((await restarted.signIn(clerk.login, 'right password 1', address)).token).toMatch(/^jk_/);
    expect(await failuresHeld('login', clerk.login)).toBe(0);
  });

  it('is unlocked by a system admin of the reach, recorded as a staff change; never by the person themselves', async () => {
    const branchAdmin = await person('SZ', ['system_admin'], 'admin password 1');
    const subAdmin = await person('SZ-NS', ['system_admin']);
    const supervisor = await person('SZ-FT', ['accounting_supervisor']);
    const clerk = await person('SZ-FT', ['income_operator'], 'right password 1');
    const address = newAddress();
    expect(await refusalOf(identity.unlockLogin(branchAdmin, clerk.login))).toMatchObject({ kind: 'failed_precondition', reason: 'LOGIN_NOT_LOCKED' });

    await failWith(clerk.login, 5, address);
    expect(await refusalOf(identity.unlockLogin(supervisor, clerk.login))).toMatchObject({ kind: 'permission_denied', reason: 'POST_MAY_NOT_UNLOCK_LOGIN' });
    expect(await refusalOf(identity.unlockLogin(subAdmin, clerk.login))).toMatchObject({ kind: 'permission_denied', reason: 'OTHER_TREASURY' });
    expect(await refusalOf(identity.unlockLogin(branchAdmin, 'nobody.there'))).toMatchObject({ kind: 'not_found', reason: 'USER_NOT_FOUND' });
    const change = await identity.unlockLogin(branchAdmin, clerk.login);
    expect(change).toMatchObject({ treasuryId: 'SZ-FT', login: clerk.login, kind: 'login_unlocked', detail: { lockedUntil: expect.any(String) }, byLogin: branchAdmin.login });
    expect((await identity.listStaffChanges(branchAdmin, 'SZ-FT')).items.at(-1)).toEqual(change);
    expect((await identity.signIn(clerk.login, 'right password 1', address)).token).toMatch(/^jk_/);

    await failWith(branchAdmin.login, 5, address);
    expect(await refusalOf(identity.unlockLogin(branchAdmin, branchAdmin.login))).toMatchObject({ kind: 'permission_denied', reason: 'OWN_LOGIN' });
  });

  it('makes a client address wait after 30 failures, whatever the logins; a right password gives back only its own attempt', async () => {
    const clerk = await person('SZ', ['income_operator'], 'right password 1');
    const address = newAddress();
    for (let i = 0; i < SIGN_IN_LIMITS.address.failures - 1; i++) await failWith(`sprayed.${i}`, 1, address);
    await identity.signIn(clerk.login, 'right password 1', address);
    await failWith('sprayed.last', 1, address);

    const refused = await refusalOf(identity.signIn(clerk.login, 'right password 1', address));
    expect(refused).toMatchObject({ kind: 'failed_precondition', reason: 'TOO_MANY_ATTEMPTS', details: { retryAfter: expect.any(String) } });
    expect(Date.parse(refused.details['retryAfter']!)).toBeGreaterThan(Date.now() + 14 * 60_000);
    // The refused attempt counts against neither the address nor the login.
    expect(await failuresHeld('address', address)).toBe(SIGN_IN_LIMITS.address.failures);
    expect(await failuresHeld('login', clerk.login)).toBe(0);
    expect((await identity.signIn(clerk.login, 'right password 1', newAddress())).token).toMatch(/^jk_/);
  });

  it('refuses input too long to be a login or a password as INVALID_CREDENTIALS, counting nothing', async () => {
    const clerk = await person('SZ', ['income_operator'], 'right password 1');
    const address = newAddress();
    for (const [login, password] of [
      [clerk.login, 'x'.repeat(257)],
      [clerk.login, '密'.repeat(4_000_000)],
      ['l'.repeat(65), 'right password 1'],
    ] as const) {
      expect(await refusalOf(identity.signIn(login, password, address))).toMatchObject({ kind: 'unauthenticated', reason: 'INVALID_CREDENTIALS' });
    }
    expect(await failuresHeld('login', clerk.login)).toBe(0);
    expect(await failuresHeld('address', address)).toBe(0);
    expect(await refusalOf(identity.createUser({ treasuryId: 'SZ', login: 'l'.repeat(65), name: '新人', posts: [] }))).toMatchObject({
      kind: 'invalid_argument',
      reason: 'LOGIN_TOO_LONG',
    });
  });
});
