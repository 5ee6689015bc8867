import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, numeric, pgSchema, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** The approvals context's own schema: requests and their steps (the register, 登记簿). */
export const approvals = pgSchema('approvals');

export const requests = approvals.table(
  'requests',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    treasuryId: text('treasury_id').notNull(),
    /** What the action acts on; one pending request per kind and target. */
    target: text('target').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    payload: jsonb('payload').notNull(),
    documents: jsonb('documents').notNull(),
    amount: numeric('amount', { precision: 20, scale: 2 }),
    keyElements: jsonb('key_elements'),
    /** The initiator as authenticated at submission: the action runs as the maker. */
    initiator: jsonb('initiator').notNull(),
    initiatorId: text('initiator_id').notNull(),
    route: text('route').array().notNull(),
    status: text('status').notNull().default('pending'),
    result: jsonb('result'),
    rejectionReason: text('rejection_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('requests_idempotency').on(t.treasuryId, t.idempotencyKey),
    uniqueIndex('requests_one_pending_per_target').on(t.kind, t.treasuryId, t.target).where(sql`${t.status} = 'pending'`),
    index('requests_register').on(t.treasuryId, t.status, t.createdAt),
    check('requests_status', sql`${t.status} in ('pending', 'executed', 'rejected')`),
  ],
);

export const steps = approvals.table(
  'steps',
  {
    requestId: bigint('request_id', { mode: 'bigint' }).notNull(),
    stepNo: integer('step_no').notNull(),
    step: text('step').notNull(),
    actorId: text('actor_id').notNull(),
    actorLogin: text('actor_login').notNull(),
    decision: text('decision').notNull(),
    comment: text('comment').notNull().default(''),
    actedAt: timestamp('acted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.requestId, t.stepNo] }),
    index('steps_actor').on(t.actorId, t.actedAt),
    check('steps_decision', sql`${t.decision} in ('approved', 'rejected')`),
  ],
);

/**
 * Blind key-element audits that did not match (R18(3)): who re-entered which fields wrongly, and when.
 * Counted on the request; a run of them is a signal for the supervisor. Append-only.
 */
export const keyElementMismatches = approvals.table(
  'key_element_mismatches',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    requestId: bigint('request_id', { mode: 'bigint' }).notNull(),
    actorId: text('actor_id').notNull(),
    fields: text('fields').array().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('key_element_mismatches_request').on(t.requestId)],
);

/**
 * The audit trail's refusals: every refused money-moving call, with the principal, the call and the
 * reason (SPEC §12). Executed operations are in `requests`. Append-only.
 */
export const refusals = approvals.table(
  'refusals',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    treasuryId: text('treasury_id').notNull(),
    principalId: text('principal_id').notNull(),
    principalLogin: text('principal_login').notNull(),
    method: text('method').notNull(),
    reason: text('reason').notNull(),
    message: text('message').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('refusals_treasury_day').on(t.treasuryId, t.at)],
);
