import type { Database, Tx } from '@jinku/db';
import {
  alreadyExists,
  authorize,
  DomainError,
  failedPrecondition,
  invalidArgument,
  isAuthorized,
  notFound,
  type Actor,
  type BusinessDate,
} from '@jinku/kernel';
import {
  assertMayAct,
  isInquiryOverdue,
  mismatchedKeyElements,
  mustNotSeeKeyElements,
  routeOf,
  type KeyElements,
  type LocalDateTime,
  type StepKind,
} from '@jinku/approvals-domain';
import type { Ledger } from '@jinku/ledger';
import type { AnyAction } from './action';
import { INQUIRY_REPLY } from './actions/inquiry-reply';
import { createAuditTrail } from './audit-trail';

export interface SubmitCommand {
  readonly kind: string;
  readonly treasuryId: string;
  readonly idempotencyKey: string;
  readonly payload: unknown;
  readonly documents: readonly { kind: string; reference: string }[];
}

export interface ActCommand {
  readonly requestId: string;
  readonly decision: 'approve' | 'reject';
  readonly comment: string;
  /** Re-entered by the key-element auditor; ignored on other steps. */
  readonly keyElements: KeyElements | null;
}

export interface StepRecord {
  readonly step: StepKind;
  readonly actorId: string;
  readonly actorLogin: string;
  readonly decision: 'approved' | 'rejected';
  readonly comment: string;
  readonly actedAt: Date;
}

export interface ApprovalRequest {
  readonly id: string;
  readonly kind: string;
  readonly treasuryId: string;
  readonly target: string;
  /** Null for a viewer who is still to do the blind key-element audit (R18(3)). */
  readonly payload: unknown;
  readonly amount: string | null;
  readonly keyElementsWithheld: boolean;
  readonly keyElementMismatches: number;
  readonly initiatorId: string;
  readonly initiatorLogin: string;
  readonly route: readonly StepKind[];
  readonly status: 'pending' | 'executed' | 'rejected';
  /** The step waiting for someone, while pending. */
  readonly nextStep: StepKind | null;
  readonly steps: readonly StepRecord[];
  readonly result: Record<string, string> | null;
  readonly rejectionReason: string | null;
  readonly createdAt: Date;
  readonly finishedAt: Date | null;
}

export interface RegisterQuery {
  readonly treasuryId: string;
  readonly kind?: string;
  readonly status?: ApprovalRequest['status'];
  /** Requests this person entered or acted on. */
  readonly personId?: string;
  readonly from?: BusinessDate;
  readonly to?: BusinessDate;
  readonly limit?: number;
}

interface RequestRow {
  id: string;
  kind: string;
  treasury_id: string;
  target: string;
  payload: unknown;
  amount: string | null;
  key_elements: KeyElements | null;
  initiator: Actor;
  initiator_id: string;
  route: StepKind[];
  status: ApprovalRequest['status'];
  result: Record<string, string> | null;
  rejection_reason: string | null;
  created_at: Date;
  finished_at: Date | null;
  mismatches: number;
}

const UNIQUE_VIOLATION = '23505';
const REQUEST_COLUMNS = `id::text as id, kind, treasury_id, target, payload, amount, key_elements, initiator, initiator_id, route, status, result,
  rejection_reason, created_at, finished_at,
  (select count(*)::int from approvals.key_element_mismatches m where m.request_id = approvals.requests.id) as mismatches`;

export interface ApprovalsOptions {
  /**
   * The maker as they may act now (posts, leave, handovers), from the identity context: re-checked at the
   * final approval, so a maker since on leave, in handover or stripped of the post moves nothing.
   */
  readonly currentPerson: (userId: string) => Promise<Actor>;
}

/**
 * Maker-checker for every important or money-moving operation (SPEC §12): a request walks its route
 * (review → key-element audit → supervisor approval), each step by another person holding the step's
 * post, and its action runs exactly once in the transaction of the final approval — or not at all.
 */
export function createApprovals(database: Database, ledger: Ledger, actions: readonly AnyAction[], options: ApprovalsOptions) {
  const { sql } = database;
  const registry = new Map(actions.map((action) => [action.policy.kind, action]));
  const auditTrail = createAuditTrail(sql);

  const actionOf = (kind: string): AnyAction => {
    const action = registry.get(kind);
    if (!action) throw invalidArgument('UNKNOWN_REQUEST_KIND', `no request kind "${kind}"; known: ${[...registry.keys()].join(', ')}`);
    return action;
  };

  /** What `viewer` may see of the requests: the key elements stay hidden from a blind auditor-to-be. */
  const withSteps = async (viewer: Actor, rows: RequestRow[], q: Tx | typeof sql = sql): Promise<ApprovalRequest[]> => {
    if (rows.length === 0) return [];
    const stepRows = await (q as typeof sql)<(StepRecord & { requestId: string })[]>`
      select request_id::text as "requestId", step, actor_id as "actorId", actor_login as "actorLogin", decision, comment, acted_at as "actedAt"
      from approvals.steps where request_id = any(${rows.map((r) => r.id)}::bigint[]) order by request_id, step_no`;
    return rows.map((row) => {
      const steps = stepRows.filter((s) => s.requestId === row.id).map(({ requestId: _, ...step }) => step);
      const blind = mustNotSeeKeyElements(viewer, stateOf(row, steps.map((s) => s.actorId)));
      return {
        id: row.id,
        kind: row.kind,
        treasuryId: row.treasury_id,
        target: row.target,
        payload: blind ? null : row.payload,
        amount: blind ? null : row.amount,
        keyElementsWithheld: blind,
        keyElementMismatches: row.mismatches,
        initiatorId: row.initiator_id,
        initiatorLogin: row.initiator.login,
        route: row.route,
        status: row.status,
        nextStep: row.status === 'pending' ? (row.route[steps.length] ?? null) : null,
        steps,
        result: row.result,
        rejectionReason: row.rejection_reason,
        createdAt: row.created_at,
        finishedAt: row.finished_at,
      };
    });
  };

  const requestNotFound = (requestId: string) => notFound('REQUEST_NOT_FOUND', `no request ${requestId.slice(0, 24)}`);

  /** A request the actor may read; one out of their reach is "not found", saying nothing of it. */
  const get = async (actor: Actor, requestId: string): Promise<ApprovalRequest> => {
    if (!/^[1-9][0-9]{0,18}$/.test(requestId)) throw requestNotFound(requestId);
    const rows = await sql.unsafe<RequestRow[]>(`select ${REQUEST_COLUMNS} from approvals.requests where id = $1`, [requestId]);
    const readable = rows.filter((row) => isAuthorized(actor, 'request.read', row.treasury_id));
    const [request] = await withSteps(actor, readable);
    if (!request) throw requestNotFound(requestId);
    return request;
  };

  /**
   * The final approval re-authorizes the maker as they stand now; one who no longer may enter this kind
   * gets nothing executed, and the request closes as refused, with the reason, in the register.
   */
  const currentInitiator = async (row: RequestRow, action: AnyAction): Promise<{ actor: Actor } | { refusal: DomainError }> => {
    try {
      const actor = await options.currentPerson(row.initiator_id);
      authorize(actor, action.policy.permission, row.treasury_id);
      return { actor };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return {
        refusal: failedPrecondition('INITIATOR_NO_LONGER_AUTHORIZED', `${row.initiator.login} may no longer enter ${row.kind}: ${error.reason}; the request is closed, enter it anew`, {
          cause: error.reason,
        }),
      };
    }
  };

  return {
    kinds: () => [...registry.keys()],
    get,

    /** Enters a request (the maker's step). A retry with the same key returns the first request. */
    async submit(actor: Actor, command: SubmitCommand): Promise<ApprovalRequest> {
      const action = actionOf(command.kind);
      authorize(actor, action.policy.permission, command.treasuryId);
      if (!command.idempotencyKey.trim()) throw invalidArgument('INVALID_IDEMPOTENCY_KEY', 'idempotency_key is required');
      const payload = await action.parse(command.payload, command.treasuryId, actor);
      const keyElements = action.keyElementsOf(payload);
      const route = routeOf({ movesMoneyOut: keyElements !== null, important: action.important(payload) });
      try {
        const [row] = await sql<{ id: string }[]>`
          insert into approvals.requests
            (kind, treasury_id, target, idempotency_key, payload, documents, amount, key_elements, initiator, initiator_id, route)
          values (${command.kind}, ${command.treasuryId}, ${action.targetOf(payload)}, ${command.idempotencyKey},
                  ${sql.json(payload as never)}, ${sql.json(command.documents as never)}, ${action.amountOf(payload)},
                  ${keyElements ? sql.json(keyElements as never) : null}, ${sql.json(actor as never)}, ${actor.userId},
                  ${route})
          on conflict (treasury_id, idempotency_key) do nothing
          returning id::text as id`;
        if (row) return get(actor, row.id);
        const [first] = await sql<{ id: string; initiator_id: string }[]>`
          select id::text as id, initiator_id from approvals.requests
          where treasury_id = ${command.treasuryId} and idempotency_key = ${command.idempotencyKey}`;
        if (first!.initiator_id !== actor.userId) {
          throw alreadyExists('IDEMPOTENCY_KEY_REUSED', `idempotency key "${command.idempotencyKey}" belongs to another request`);
        }
        return get(actor, first!.id);
      } catch (error) {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
          throw alreadyExists('DUPLICATE_PENDING_REQUEST', `a ${command.kind} request on ${action.targetOf(payload)} is already pending; act on it or reject it first`, {
            target: action.targetOf(payload),
          });
        }
        throw error;
      }
    },

    /**
     * Approves or rejects the current step. The request row is locked, so two people approving at once
     * are serialized: the second finds the step done. The final approval runs the action in the same
     * transaction; if the action refuses, nothing of the approval is recorded.
     */
    async act(actor: Actor, command: ActCommand): Promise<ApprovalRequest> {
      if (!/^[1-9][0-9]{0,18}$/.test(command.requestId)) throw requestNotFound(command.requestId);
      const outcome = await sql.begin(async (tx): Promise<{ id: string; refusal?: DomainError }> => {
        const [row] = await tx.unsafe<RequestRow[]>(`select ${REQUEST_COLUMNS} from approvals.requests where id = $1 for update`, [command.requestId]);
        if (!row || !isAuthorized(actor, 'request.read', row.treasury_id)) throw requestNotFound(command.requestId);
        const done = await tx<{ actor_id: string }[]>`select actor_id from approvals.steps where request_id = ${row.id} order by step_no`;
        const step = assertMayAct(actor, stateOf(row, done.map((d) => d.actor_id)));
        const record = (decision: 'approved' | 'rejected') => tx`
          insert into approvals.steps (request_id, step_no, step, actor_id, actor_login, decision, comment)
          values (${row.id}, ${done.length}, ${step}, ${actor.userId}, ${actor.login}, ${decision}, ${command.comment})`;

        if (command.decision === 'reject') {
          if (!command.comment.trim()) throw invalidArgument('REJECTION_REASON_REQUIRED', 'a rejection says why');
          await record('rejected');
          await tx`update approvals.requests set status = 'rejected', rejection_reason = ${command.comment}, finished_at = now() where id = ${row.id}`;
          return { id: row.id };
        }
        if (step === 'key_element_audit') {
          if (!command.keyElements) throw invalidArgument('KEY_ELEMENTS_REQUIRED', 'the key-element audit re-enters payee account, payee name, bank code and amount');
          const mismatched = mismatchedKeyElements(row.key_elements!, command.keyElements);
          if (mismatched.length > 0) return { id: row.id, refusal: keyElementsMismatch(mismatched) };
        }
        const action = actionOf(row.kind);
        const final = done.length + 1 === row.route.length;
        const initiator = final ? await currentInitiator(row, action) : null;
        if (initiator && 'refusal' in initiator) {
          await tx`update approvals.requests set status = 'rejected', rejection_reason = ${initiator.refusal.message}, finished_at = now() where id = ${row.id}`;
          return { id: row.id, refusal: initiator.refusal };
        }
        await record('approved');
        if (initiator) {
          // The stored payload is JSON: parse it again, which also re-checks it against today's reference data.
          const payload = await action.parse(row.payload, row.treasury_id, initiator.actor);
          const context = { requestId: row.id, treasuryId: row.treasury_id, initiator: initiator.actor, approver: actor, enteredAt: row.created_at };
          const result = await action.execute(tx, payload, context);
          await tx`update approvals.requests set status = 'executed', result = ${tx.json(result)}, finished_at = now() where id = ${row.id}`;
        }
        return { id: row.id };
      });
      if (outcome.refusal?.reason === 'KEY_ELEMENTS_MISMATCH') {
        // Counted outside the audit's transaction, which records nothing of the refused step.
        await sql`insert into approvals.key_element_mismatches (request_id, actor_id, fields)
                  values (${outcome.id}, ${actor.userId}, ${outcome.refusal.details['fields']!.split(',')})`;
      }
      if (outcome.refusal) throw outcome.refusal;
      return get(actor, outcome.id);
    },

    /** Requests whose next step this person could take now. */
    async pendingFor(actor: Actor): Promise<ApprovalRequest[]> {
      const rows = await sql.unsafe<RequestRow[]>(
        `select ${REQUEST_COLUMNS} from approvals.requests where status = 'pending' and treasury_id = any($1::text[]) order by id limit 500`,
        [[...actor.reach]],
      );
      const requests = await withSteps(actor, rows.filter((r) => isAuthorized(actor, 'request.read', r.treasury_id)));
      return requests.filter((request) => {
        try {
          assertMayAct(actor, { ...request, actorsSoFar: request.steps.map((s) => s.actorId) });
          return true;
        } catch {
          return false;
        }
      });
    },

    /** Trusted, for monitoring: every pending request of these kinds, where and when it was entered. */
    async pendingOfKinds(kinds: readonly string[]): Promise<{ treasuryId: string; enteredAt: Date }[]> {
      return sql<{ treasuryId: string; enteredAt: Date }[]>`
        select treasury_id as "treasuryId", created_at as "enteredAt" from approvals.requests where status = 'pending' and kind = any(${kinds})`;
    },

    /** The register (登记簿): every request and step, by kind, status, person and date. */
    async register(actor: Actor, query: RegisterQuery): Promise<ApprovalRequest[]> {
      authorize(actor, 'request.read', query.treasuryId);
      const rows = await sql<RequestRow[]>`
        select ${sql.unsafe(REQUEST_COLUMNS)} from approvals.requests
        where treasury_id = ${query.treasuryId}
          and (${query.kind ?? null}::text is null or kind = ${query.kind ?? null})
          and (${query.status ?? null}::text is null or status = ${query.status ?? null})
          and (${query.personId ?? null}::text is null or initiator_id = ${query.personId ?? null}
               or exists (select 1 from approvals.steps s where s.request_id = approvals.requests.id and s.actor_id = ${query.personId ?? null}))
          and (${query.from ?? null}::date is null or (created_at at time zone 'Asia/Shanghai')::date >= ${query.from ?? null}::date)
          and (${query.to ?? null}::date is null or (created_at at time zone 'Asia/Shanghai')::date <= ${query.to ?? null}::date)
        order by id limit ${Math.min(query.limit ?? 200, 1000)}`;
      return withSteps(actor, rows);
    },

    /** Inquiries whose reply is still unapproved after noon of the next business day (R18(5)). */
    async overdueInquiries(actor: Actor, treasuryId: string, now: LocalDateTime): Promise<ApprovalRequest[]> {
      const calendar = await ledger.days.calendar();
      const pending = await this.register(actor, { treasuryId, kind: INQUIRY_REPLY, status: 'pending', limit: 1000 });
      return pending.filter((request) => isInquiryOverdue((request.payload as { receivedOn: string }).receivedOn, now, calendar));
    },

    /** Records a refused money-moving call in the audit trail (the transport calls it for such calls). */
    recordRefusal: auditTrail.record,

    /** One business day's audit trail: the operations executed that day and the money-moving calls refused. */
    async auditTrailOf(actor: Actor, treasuryId: string, date: BusinessDate) {
      authorize(actor, 'audit.read', treasuryId);
      const executed = await sql<RequestRow[]>`
        select ${sql.unsafe(REQUEST_COLUMNS)} from approvals.requests
        where treasury_id = ${treasuryId} and status = 'executed' and (finished_at at time zone 'Asia/Shanghai')::date = ${date}::date
        order by finished_at, id`;
      return { executed: await withSteps(actor, executed), refusals: await auditTrail.ofDay(treasuryId, date) };
    },
  };
}

const stateOf = (row: RequestRow, actorsSoFar: readonly string[]) => ({
  treasuryId: row.treasury_id,
  initiatorId: row.initiator_id,
  status: row.status,
  route: row.route,
  actorsSoFar,
});

const keyElementsMismatch = (fields: readonly string[]) =>
  invalidArgument('KEY_ELEMENTS_MISMATCH', `re-entered key elements differ: ${fields.join(', ')}; check the original voucher`, { fields: fields.join(',') });

export type Approvals = ReturnType<typeof createApprovals>;
