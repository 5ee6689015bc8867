import type { Post } from '@jinku/kernel';

const DEMO_POSTS: readonly [suffix: string, name: string, posts: Post[]][] = [
  ['operator', '收入岗', ['income_operator']],
  ['refunds', '财政及退库岗', ['fiscal_refund_operator']],
  ['reviewer', '复核岗', ['reviewer']],
  ['auditor', '重要要素审核岗', ['key_element_auditor']],
  ['supervisor', '会计主管', ['accounting_supervisor']],
  ['admin', '系统管理员', ['system_admin']],
  ['clerk', '凭证管理员', ['voucher_clerk']],
  ['head', '部门负责人', ['department_head']],
];

/** One person per post and treasury, logins like `sz-ft.reviewer`. */
export function demoUsers(treasuryIds: readonly string[]) {
  return treasuryIds.flatMap((treasuryId) =>
    DEMO_POSTS.map(([suffix, name, posts]) => ({ treasuryId, login: `${treasuryId.toLowerCase()}.${suffix}`, name: `${treasuryId} ${name}`, posts })),
  );
}
