import type { Tx } from '@jinku/db';
import type { Actor } from '@jinku/kernel';
import type { KeyElements, RequestPolicy } from '@jinku/approvals-domain';

export interface ActionContext {
  readonly requestId: string;
  readonly treasuryId: string;
  /** The maker, as authenticated when the request was entered. */
  readonly initiator: Actor;
  /** Whoever gave the final approval: the checker. */
  readonly approver: Actor;
}

/**
 * One kind of request and what it does once approved. Every money-moving operation registers one; the
 * approvals service runs `execute` exactly once, inside the transaction that records the final approval.
 */
export interface ActionDefinition<Payload = unknown> {
  readonly policy: RequestPolicy;
  /** Validates the payload at entry, so a request that could never execute is refused at once. */
  parse(payload: unknown, treasuryId: string): Payload | Promise<Payload>;
  /** What the action acts on: a second pending request on the same target is refused. */
  targetOf(payload: Payload): string;
  amountOf(payload: Payload): string | null;
  /** Required when the policy moves money out: what the key-element auditor must re-enter. */
  keyElementsOf(payload: Payload): KeyElements | null;
  execute(tx: Tx, payload: Payload, context: ActionContext): Promise<Record<string, string>>;
}

/** Erases the payload type so that actions of different kinds share one registry. */
export type AnyAction = ActionDefinition<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
