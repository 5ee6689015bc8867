import { refusalOf } from '@jinku/kernel/testing';
import { createHash } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentity, type Identity } from './identity';
import { identityMigrations } from './migrations';

let database: TestDatabase;
let identity: Identity;
beforeAll(async () => {
  database = await createTestDatabase([identityMigrations]);
  identity = createIdentity(database);
});
afterAll(() => database?.drop());


const tokenRows = () =>
  database.sql<{ token_hash: string; issued_at: Date; expires_at: Date; revoked_at: Date | null }[]>`select * from identity.tokens`;

describe('identity', () => {
  it('issues a token that authenticates as the user, with their posts', async () => {
    const user = await identity.createUser({ treasuryId: 'SZ', login: 'sz.reviewer', name: '复核岗', posts: ['voucher_clerk', 'reviewer'] });
    expect(user).toMatchObject({ id: expect.stringMatching(/^\d+$/), login: 'sz.reviewer', treasuryId: 'SZ', posts: ['reviewer', 'voucher_clerk'] });

    const before = Date.now();
    const { token, expiresAt } = await identity.issueToken('sz.reviewer');
    expect(token).toMatch(/^jk_[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime() - before).toBeGreaterThanOrEqual(30 * 86_400_000);
    expect(expiresAt.getTime() - before).toBeLessThan(30 * 86_400_000 + 60_000);

    expect(await identity.authenticate(token)).toEqual({
      kind: 'person',
      userId: user.id,
      login: 'sz.reviewer',
      treasuryId: 'SZ',
      posts: ['reviewer', 'voucher_clerk'],
      scopes: [],
      reach: ['SZ'],
      jurisdictionId: 'SZ',
    });
    expect(await identity.findUser('sz.reviewer')).toEqual(user);
    expect(await identity.findUser('nobody')).toBeNull();
  });

  it('stores only the SHA-256 of a token, never the token', async () => {
    await identity.createUser({ treasuryId: 'SZ', login: 'sz.hash', name: '收入岗', posts: ['income_operator'] });
    const { token } = await identity.issueToken('sz.hash', 1);
    const hash = createHash('sha256').update(token).digest('hex');
    const rows = await tokenRows();
    const stored = rows.find((row) => row.token_hash === hash);
    expect(stored).toBeDefined();
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(token.slice(3));
  });

  it('gives each issue a fresh token; every one works until it is revoked', async () => {
    await identity.createUser({ treasuryId: 'SZ', login: 'sz.twice', name: '收入岗', posts: ['income_operator'] });
    const first = await identity.issueToken('sz.twice');
    const second = await identity.issueToken('sz.twice');
    expect(first.token).not.toBe(second.token);
    await identity.revokeToken(first.token);
    expect((await identity.authenticate(second.token)).login).toBe('sz.twice');
  });

  it('refuses an expired token with CREDENTIALS_EXPIRED', async () => {
    await identity.createUser({ treasuryId: 'SZ', login: 'sz.expired', name: '收入岗', posts: ['income_operator'] });
    const { token } = await identity.issueToken('sz.expired', 1);
    await database.sql`
      update identity.tokens set expires_at = now() - interval '1 second'
      where token_hash = ${createHash('sha256').update(token).digest('hex')}`;
    expect(await refusalOf(identity.authenticate(token))).toMatchObject({ kind: 'unauthenticated', reason: 'CREDENTIALS_EXPIRED' });
  });

  it('refuses a revoked token at once (sign-out), and stays refused', async () => {
    await identity.createUser({ treasuryId: 'SZ', login: 'sz.signout', name: '收入岗', posts: ['income_operator'] });
    const { token } = await identity.issueToken('sz.signout');
    expect((await identity.authenticate(token)).login).toBe('sz.signout');
    await identity.revokeToken(token);
    expect(await refusalOf(identity.authenticate(token))).toMatchObject({ kind: 'unauthenticated', reason: 'INVALID_CREDENTIALS' });
    await identity.revokeToken(token);
    expect(await refusalOf(identity.authenticate(token))).toMatchObject({ kind: 'unauthenticated', reason: 'INVALID_CREDENTIALS' });
  });

  it('refuses an unknown token', async () => {
    expect(await refusalOf(identity.authenticate('jk_forged'))).toMatchObject({ kind: 'unauthenticated', reason: 'INVALID_CREDENTIALS' });
  });

  it('refuses a lifetime beyond a month and issues nothing', async () => {
    await identity.createUser({ treasuryId: 'SZ', login: 'sz.ttl', name: '收入岗', posts: ['income_operator'] });
    const before = (await tokenRows()).length;
    expect(await refusalOf(identity.issueToken('sz.ttl', 32))).toMatchObject({ kind: 'invalid_argument', reason: 'INVALID_TOKEN_TTL' });
    expect(await refusalOf(identity.issueToken('sz.ttl', 0))).toMatchObject({ kind: 'invalid_argument', reason: 'INVALID_TOKEN_TTL' });
    expect((await identity.issueToken('sz.ttl', 31)).expiresAt.getTime()).toBeGreaterThan(Date.now() + 30 * 86_400_000);
    expect((await tokenRows()).length).toBe(before + 1);
  });

  it('refuses a token for an unknown login', async () => {
    expect(await refusalOf(identity.issueToken('nobody'))).toMatchObject({ kind: 'not_found', reason: 'USER_NOT_FOUND' });
  });

  it('refuses a duplicate login and keeps the first user as it was', async () => {
    await identity.createUser({ treasuryId: 'SZ', login: 'sz.dup', name: '收入岗', posts: ['income_operator'] });
    expect(await refusalOf(identity.createUser({ treasuryId: 'FT', login: 'sz.dup', name: '会计主管', posts: ['accounting_supervisor'] }))).toMatchObject({
      kind: 'already_exists',
      reason: 'LOGIN_TAKEN',
    });
    expect(await identity.findUser('sz.dup')).toMatchObject({ treasuryId: 'SZ', posts: ['income_operator'] });
  });

  it('refuses an unknown post and creates nobody', async () => {
    expect(await refusalOf(identity.createUser({ treasuryId: 'SZ', login: 'sz.cashier', name: '出纳', posts: ['cashier'] }))).toMatchObject({
      kind: 'invalid_argument',
      reason: 'UNKNOWN_POST',
    });
    expect(await identity.findUser('sz.cashier')).toBeNull();
  });

  it('creates a user without posts', async () => {
    const user = await identity.createUser({ treasuryId: 'SZ', login: 'sz.none', name: '新人', posts: [] });
    const { token } = await identity.issueToken('sz.none');
    expect(await identity.authenticate(token)).toMatchObject({ userId: user.id, login: 'sz.none', treasuryId: 'SZ', posts: [] });
  });
});
