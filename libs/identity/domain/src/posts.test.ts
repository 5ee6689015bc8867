import { DomainError, POSTS } from '@jinku/kernel';
import { describe, expect, it } from 'vitest';
import { isPost, sortPosts, validatePosts } from './posts';

const reasonOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.reason : 'NOT_A_DOMAIN_ERROR';
  }
  return undefined;
};

describe('posts', () => {
  it('accepts every post of SPEC §11', () => {
    expect(validatePosts([...POSTS])).toEqual([...POSTS]);
    expect(validatePosts([])).toEqual([]);
  });

  it.each(['cashier', 'Income_Operator', '', 'income_operator '])('refuses the unknown post "%s"', (post) => {
    expect(reasonOf(() => validatePosts(['reviewer', post]))).toBe('UNKNOWN_POST');
  });

  it('collapses repeats and keeps the order given', () => {
    expect(validatePosts(['reviewer', 'income_operator', 'reviewer'])).toEqual(['reviewer', 'income_operator']);
  });

  it('recognizes posts and sorts them in the canonical order', () => {
    expect(isPost('voucher_clerk')).toBe(true);
    expect(isPost('toString')).toBe(false);
    expect(sortPosts(['voucher_clerk', 'director', 'reviewer'])).toEqual(['director', 'reviewer', 'voucher_clerk']);
  });
});
