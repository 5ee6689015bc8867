import { failedPrecondition, invalidArgument, permissionDenied, type Actor, type Post } from '@jinku/kernel';
import { OPERATOR_POSTS } from './compatibility';

/**
 * What a handover (交接, R13) lists: important items — seals, specimen-seal cards, valuable documents,
 * important blank vouchers, seal impressions (R13), personal and link certificates (R74, R7) — and the
 * accounting matters in hand.
 */
export const HANDOVER_ITEM_KINDS = [
  'seal', // 印章
  'specimen_card', // 印鉴卡
  'valuable_document', // 有价单证
  'blank_voucher', // 重要空白凭证
  'seal_impression', // 印模
  'certificate', // 电子认证证书
  'accounting_matter', // 会计事项
  'other',
] as const;
export type HandoverItemKind = (typeof HANDOVER_ITEM_KINDS)[number];

export interface HandoverItem {
  readonly kind: HandoverItemKind;
  readonly description: string;
}

export const MAX_HANDOVER_ITEMS = 500;

/**
 * Who supervises (监交) the handover of a post (R14, R16): the accounting supervisor for the staff
 * (经办人员: operators and the system admin), the department head for the accounting supervisor, the
 * director for the department head. The rules name nobody for the director's own post: null.
 */
export function handoverSupervisorPost(post: Post): Post | null {
  if (OPERATOR_POSTS.includes(post) || post === 'system_admin') return 'accounting_supervisor';
  if (post === 'accounting_supervisor') return 'department_head';
  if (post === 'department_head') return 'director';
  return null;
}

/** The items of a handover: at least one (R13 lists what is handed over), each with a known kind and a description. */
export function validateHandoverItems(items: readonly { kind: string; description: string }[]): HandoverItem[] {
  if (items.length === 0) throw invalidArgument('NO_HANDOVER_ITEMS', 'a handover lists what is handed over (R13): seals, blank vouchers, certificates, matters');
  if (items.length > MAX_HANDOVER_ITEMS) throw invalidArgument('TOO_MANY_HANDOVER_ITEMS', `at most ${MAX_HANDOVER_ITEMS} items per handover`);
  return items.map((item, index) => {
    if (!(HANDOVER_ITEM_KINDS as readonly string[]).includes(item.kind)) {
      throw invalidArgument('UNKNOWN_HANDOVER_ITEM_KIND', `item ${index + 1}: "${item.kind}" is not an item kind; kinds are ${HANDOVER_ITEM_KINDS.join(', ')}`);
    }
    const description = item.description.trim();
    if (description === '') throw invalidArgument('MISSING_HANDOVER_ITEM_DESCRIPTION', `item ${index + 1} (${item.kind}) needs a description`);
    return { kind: item.kind as HandoverItemKind, description };
  });
}

/** The parties of a handover as far as the supervision rules are concerned. */
export interface HandoverParties {
  readonly post: Post;
  readonly fromUserId: string;
  readonly toUserId: string;
}

/**
 * The caller supervises the handover (R14): holds the supervising post of the handed-over post and is
 * neither the leaver nor the receiver. PERMISSION_DENIED `WRONG_HANDOVER_SUPERVISOR` / `SUPERVISOR_IS_PARTY`;
 * FAILED_PRECONDITION `NO_HANDOVER_SUPERVISOR` for a post no rule supervises, `HANDOVER_TO_SELF`.
 */
export function assertMaySuperviseHandover(actor: Actor, handover: HandoverParties): void {
  const supervisor = handoverSupervisorPost(handover.post);
  if (supervisor === null) {
    throw failedPrecondition('NO_HANDOVER_SUPERVISOR', `R14 names no supervisor for a ${handover.post} handover; it is recorded outside Jinku`, {
      post: handover.post,
    });
  }
  if (handover.fromUserId === handover.toUserId) throw failedPrecondition('HANDOVER_TO_SELF', 'the leaver and the receiver must be different people');
  if (!actor.posts.includes(supervisor)) {
    throw permissionDenied('WRONG_HANDOVER_SUPERVISOR', `a ${handover.post} handover is supervised by the ${supervisor} (R14); ${actor.login} holds ${actor.posts.join(', ') || 'no post'}`, {
      post: handover.post,
      supervisorPost: supervisor,
    });
  }
  if (actor.userId === handover.fromUserId || actor.userId === handover.toUserId) {
    throw permissionDenied('SUPERVISOR_IS_PARTY', `${actor.login} hands over or receives this post and cannot also supervise the handover (R14)`);
  }
}
