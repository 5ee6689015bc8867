import type { Actor } from '../actor';
import { permissionDenied } from '../errors';
import { PERMISSIONS, type Permission, type PermissionRule } from './permissions';

/** Posts that check and keep the system but enter no business (R6, R17). */
const NON_ENTRY_POSTS = ['accounting_supervisor', 'system_admin'] as const;

function grants(actor: Actor, rule: PermissionRule): boolean {
  if (actor.kind === 'machine') return actor.scopes.some((scope) => rule.scopes.includes(scope));
  if (actor.kind !== 'person') return false;
  return actor.posts.some((post) => rule.posts.includes(post));
}

function reaches(actor: Actor, rule: PermissionRule, treasuryId: string): boolean {
  // Machine principals are registered for one treasury and never act beyond it.
  if (actor.kind === 'machine' || rule.reach === 'own') return actor.treasuryId === treasuryId;
  if (rule.reach === 'branch') return actor.treasuryId === treasuryId && actor.jurisdictionId === treasuryId;
  return actor.reach.includes(treasuryId);
}

/**
 * The one authorization check, first thing in every use case: the caller's posts or scopes grant
 * `permission` (the table in `PERMISSIONS`), and the caller's treasury reaches `treasuryId`. Refuses with
 * PERMISSION_DENIED before anything is looked up, so a refusal says nothing about what exists there.
 */
export function authorize(actor: Actor, permission: Permission, treasuryId: string): void {
  const rule: PermissionRule = PERMISSIONS[permission];
  if (!reaches(actor, rule, treasuryId)) {
    const why = rule.reach === 'branch' ? `${permission} is done by the branch for its whole jurisdiction` : `${actor.login} cannot act on treasury ${bounded(treasuryId)}`;
    throw permissionDenied(rule.reach === 'branch' ? 'BRANCH_PARAMETER' : 'OTHER_TREASURY', `${why} (treasury ${actor.treasuryId})`, { permission });
  }
  if (!grants(actor, rule)) {
    const holders = actor.kind === 'machine' ? `scope ${rule.scopes.join(' or ') || '(none)'}` : rule.posts.join(' or ') || 'machine principals only';
    const held = actor.kind === 'machine' ? actor.scopes.join(', ') : actor.posts.join(', ');
    throw permissionDenied(rule.refusal, `${permission} needs ${holders}; ${actor.login} holds ${held || 'none'} (${rule.rule})`, { permission });
  }
  if (rule.kind === 'entry' && actor.kind === 'person') {
    const checker = NON_ENTRY_POSTS.find((post) => actor.posts.includes(post) && !(rule.posts as readonly string[]).includes(post));
    if (checker) throw permissionDenied(rule.refusal, `${actor.login} holds the ${checker} post: supervisors and system admins enter no business (R6, R17)`, { permission });
  }
}

/** Whether `authorize` would allow it: for filtering lists, never instead of `authorize` in a use case. */
export function isAuthorized(actor: Actor, permission: Permission, treasuryId: string): boolean {
  const rule: PermissionRule = PERMISSIONS[permission];
  return reaches(actor, rule, treasuryId) && grants(actor, rule);
}

/** Echoed input is cut short: a refusal never carries a caller's whole payload back. */
function bounded(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
