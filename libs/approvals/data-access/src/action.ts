import type { Tx } from '@jinku/db';
import type { Actor, Permission } from '@jinku/kernel';
import type { KeyElements } from '@jinku/approvals-domain';

export interface ActionContext {
  readonly requestId: string;
  readonly treasuryId: string;
  /** The maker, re-authorized at the final approval as they stand now (posts, leave, handovers). */
  readonly initiator: Actor;
  /** Whoever gave the final approval: the checker. */
  readonly approver: Actor;
  /** When the maker entered the request: when the treasury received what it acts on (R36's deadline runs from it). */
  readonly enteredAt: Date;
}

/** A kind of request and the permission (in the kernel's table) that lets a person enter it. */
export interface RequestPolicy {
  readonly kind: string;
  readonly permission: Permission;
}

/**
 * One kind of request and what it does once approved. Every money-moving operation registers one; the
 * approvals service runs `execute` exactly once, inside the transaction that records the final approval.
 * The route follows from the payload: review always, the blind key-element audit when `keyElementsOf`
 * names payee elements (money leaves, R18(3)), supervisor approval when `important` (R19(3)).
 */
export interface ActionDefinition<Payload = unknown> {
  readonly policy: RequestPolicy;
  /** Validates the payload at entry, so a request that could never execute is refused at once. */
  parse(payload: unknown, treasuryId: string, initiator: Actor): Payload | Promise<Payload>;
  /** What the action acts on: a second pending request on the same target is refused. */
  targetOf(payload: Payload): string;
  amountOf(payload: Payload): string | null;
  /** The payee elements the key-element auditor must re-enter blind, when money leaves; null otherwise. */
  keyElementsOf(payload: Payload): KeyElements | null;
  /** An important matter of R19(3): the accounting supervisor approves last. */
  important(payload: Payload): boolean;
  execute(tx: Tx, payload: Payload, context: ActionContext): Promise<Record<string, string>>;
}

/** Erases the payload type so that actions of different kinds share one registry. */
export type AnyAction = ActionDefinition<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
