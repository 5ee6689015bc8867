import { permissionDenied } from './errors';

/** Posts (岗位) of a treasury, SPEC §11 / R7–R8. */
export const POSTS = [
  'director', // 国库主任
  'department_head', // 部门负责人
  'accounting_supervisor', // 会计主管
  'system_admin', // 系统管理员
  'income_operator', // TC1 收入岗
  'fiscal_refund_operator', // TC2 财政及退库岗
  'reviewer', // TC3 复核岗
  'key_element_auditor', // TC4 重要要素审核岗
  'horizontal_link_operator', // 横联岗
  'voucher_clerk', // 凭证管理员
] as const;

export type Post = (typeof POSTS)[number];

/** Posts that enter accounting data (制单). Supervisors and system admins post nothing (R6, R17). */
export const POSTING_POSTS: readonly Post[] = ['income_operator', 'fiscal_refund_operator', 'horizontal_link_operator'];

/** The authenticated caller, as established by the server — never taken from a request field. */
export interface Actor {
  readonly userId: string;
  readonly login: string;
  readonly treasuryId: string;
  readonly posts: readonly Post[];
}

export function holdsAnyPost(actor: Actor, posts: readonly Post[]): boolean {
  return actor.posts.some((post) => posts.includes(post));
}

/** A person acts only on the books of their own treasury (R6: everyone under their own identity). */
export function assertWorksFor(actor: Actor, treasuryId: string): void {
  if (actor.treasuryId !== treasuryId) {
    throw permissionDenied('OTHER_TREASURY', `${actor.login} works for treasury ${actor.treasuryId}, not ${treasuryId}`);
  }
}
