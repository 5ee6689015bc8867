import { refusalOfCall } from '@jinku/kernel/testing';
import { describe, expect, it } from 'vitest';
import { assertPasswordAcceptable, isWithinPasswordCap, PASSWORD_MAX_LENGTH } from './passwords';

describe('password length cap', () => {
  it('counts characters, not UTF-16 units: 256 of them pass, one more does not', () => {
    expect(isWithinPasswordCap('密'.repeat(PASSWORD_MAX_LENGTH))).toBe(true);
    expect(isWithinPasswordCap('𝌆'.repeat(PASSWORD_MAX_LENGTH))).toBe(true);
    expect(isWithinPasswordCap('𝌆'.repeat(PASSWORD_MAX_LENGTH + 1))).toBe(false);
    expect(isWithinPasswordCap('x'.repeat(PASSWORD_MAX_LENGTH + 1))).toBe(false);
  });

  it('refuses a huge input as too long, as a new password too', () => {
    expect(isWithinPasswordCap('x'.repeat(4_000_000))).toBe(false);
    expect(refusalOfCall(() => assertPasswordAcceptable('x y'.repeat(2_000_000), 'sz.clerk'))).toMatchObject({ kind: 'invalid_argument', reason: 'WEAK_PASSWORD' });
  });
});
