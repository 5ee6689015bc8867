import type { Post } from '@jinku/kernel';

/**
 * The steps a request walks after entry (R18–R19): review by another person (复核), a key-element audit
 * (重要要素审核) when money leaves the treasury, and supervisor approval for important matters.
 */
export type StepKind = 'review' | 'key_element_audit' | 'supervisor_approval';

/** The post that performs each step. */
export const STEP_POST: Readonly<Record<StepKind, Post>> = {
  review: 'reviewer',
  key_element_audit: 'key_element_auditor',
  supervisor_approval: 'accounting_supervisor',
};

/** How one kind of request is routed; each money-moving operation of Jinku registers one. */
export interface RequestPolicy {
  readonly kind: string;
  /** Posts that may enter (发起) such a request; checker posts never do. */
  readonly initiatorPosts: readonly Post[];
  /** Money leaves the treasury: a key-element audit re-checks payee and amount before it goes (R18(3)). */
  readonly movesMoneyOut: boolean;
  /** An important matter of R19(3): the accounting supervisor approves last. */
  readonly important: boolean;
}

export function routeOf(policy: RequestPolicy): StepKind[] {
  return [
    'review',
    ...(policy.movesMoneyOut ? (['key_element_audit'] as const) : []),
    ...(policy.important ? (['supervisor_approval'] as const) : []),
  ];
}

/** Important matters of R19(3); a kind not listed here can still declare itself important. */
export const IMPORTANT_MATTERS = [
  'system_upgrade',
  'inquiry_reply',
  'remade_voucher',
  'manual_voucher',
  'outward_transfer',
  'suspense_posting',
  'suspense_release',
  'back_posting',
  'error_correction',
] as const;
