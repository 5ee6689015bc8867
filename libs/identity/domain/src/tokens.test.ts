import { refusalOfCall } from '@jinku/kernel/testing';
import { describe, expect, it } from 'vitest';
import { assertTokenUsable, TOKEN_MAX_TTL_DAYS, tokenExpiry } from './tokens';


const issuedAt = new Date('2026-11-20T08:30:00Z');

describe('token lifetime', () => {
  it('lasts at most a month (credentials rotate monthly, R74)', () => {
    expect(TOKEN_MAX_TTL_DAYS).toBe(31);
    expect(tokenExpiry(issuedAt, 1).toISOString()).toBe('2026-11-21T08:30:00.000Z');
    expect(tokenExpiry(issuedAt, 31).toISOString()).toBe('2026-12-21T08:30:00.000Z');
  });

  it.each([0, -1, 32, 365, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a lifetime of %s days', (days) => {
    expect(refusalOfCall(() => tokenExpiry(issuedAt, days))).toMatchObject({ kind: 'invalid_argument', reason: 'INVALID_TOKEN_TTL' });
  });
});

describe('token use', () => {
  const now = new Date('2026-11-25T00:00:00Z');

  it('accepts a live token', () => {
    expect(refusalOfCall(() => assertTokenUsable({ expiresAt: new Date('2026-11-25T00:00:01Z'), revokedAt: null }, now))).toBeUndefined();
  });

  it('refuses an expired token, the instant of expiry included', () => {
    expect(refusalOfCall(() => assertTokenUsable({ expiresAt: now, revokedAt: null }, now))).toMatchObject({
      kind: 'unauthenticated',
      reason: 'CREDENTIALS_EXPIRED',
    });
  });

  it('refuses a revoked token as invalid, expired or not', () => {
    for (const expiresAt of [new Date('2026-12-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z')]) {
      expect(refusalOfCall(() => assertTokenUsable({ expiresAt, revokedAt: new Date('2026-11-21T00:00:00Z') }, now))).toMatchObject({
        kind: 'unauthenticated',
        reason: 'INVALID_CREDENTIALS',
      });
    }
  });
});
