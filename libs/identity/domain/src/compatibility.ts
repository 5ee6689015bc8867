import { failedPrecondition, type Post } from '@jinku/kernel';

/**
 * The business operator posts (业务操作岗 and the posts working beside them, R7): TC1–TC4, the
 * horizontal-link operator and the voucher clerk.
 */
export const OPERATOR_POSTS: readonly Post[] = [
  'income_operator',
  'fiscal_refund_operator',
  'reviewer',
  'key_element_auditor',
  'horizontal_link_operator',
  'voucher_clerk',
];

/** Pairs of posts one person may never hold together, with the rule that forbids it. */
const INCOMPATIBLE: readonly { readonly a: Post; readonly b: readonly Post[]; readonly rule: string; readonly why: string }[] = [
  { a: 'accounting_supervisor', b: ['system_admin'], rule: 'R6, R17', why: 'the accounting supervisor is never also system admin' },
  { a: 'accounting_supervisor', b: OPERATOR_POSTS, rule: 'R6, R17', why: 'the accounting supervisor is never also an operator' },
  { a: 'system_admin', b: OPERATOR_POSTS, rule: 'R17', why: 'system admins take no part in the accounts' },
];

/**
 * One person's posts must not combine duties that check each other (一手清 is forbidden, R6, R17):
 * accounting supervisor with system admin or any operator post, system admin with any operator post.
 * Refuses with FAILED_PRECONDITION `INCOMPATIBLE_POSTS`, naming the pair and the rule.
 */
export function assertCompatiblePosts(posts: readonly Post[]): void {
  for (const { a, b, rule, why } of INCOMPATIBLE) {
    if (!posts.includes(a)) continue;
    const clash = b.find((post) => posts.includes(post));
    if (clash !== undefined) {
      throw failedPrecondition('INCOMPATIBLE_POSTS', `${a} and ${clash} cannot be held by one person: ${why} (${rule})`, {
        post: a,
        conflictingPost: clash,
        rule,
      });
    }
  }
}
