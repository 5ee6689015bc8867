import type { Permission } from '@jinku/kernel';

/**
 * The steps a request walks after entry (R18–R19): review by another person (复核), a key-element audit
 * (重要要素审核) when money leaves the treasury, and supervisor approval for important matters.
 */
export type StepKind = 'review' | 'key_element_audit' | 'supervisor_approval';

/** The permission (in the kernel's table) each step needs. */
export const STEP_PERMISSION: Readonly<Record<StepKind, Permission>> = {
  review: 'request.review',
  key_element_audit: 'request.audit_key_elements',
  supervisor_approval: 'request.approve',
};

export interface RouteNeeds {
  /** Money leaves the treasury: a key-element audit re-checks payee and amount before it goes (R18(3)). */
  readonly movesMoneyOut: boolean;
  /** An important matter of R19(3): the accounting supervisor approves last. */
  readonly important: boolean;
}

export function routeOf(needs: RouteNeeds): StepKind[] {
  return [
    'review',
    ...(needs.movesMoneyOut ? (['key_element_audit'] as const) : []),
    ...(needs.important ? (['supervisor_approval'] as const) : []),
  ];
}
