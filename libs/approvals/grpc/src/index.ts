import type { Approvals, ApprovalRequest } from '@jinku/approvals';
import { unary, type GrpcService, type UnaryOptions } from '@jinku/grpc-kit';
import { invalidArgument, parseBusinessDate } from '@jinku/kernel';
import { approvalsV1 } from '@jinku/proto';
import { checkedTexts, operationFromWire, operationToWire } from './operations';

/** ApprovalsService: translation between approvals.v1 and the approvals lib; no rules here. */
export function approvalsGrpcService(approvals: Approvals, options: UnaryOptions, clock: () => Date = () => new Date()): GrpcService {
  /** grpc-kit's unary, with every text of the request checked first (`checkedTexts`). */
  const checkedUnary: typeof unary = (method, unaryOptions, handler, methodOptions) =>
    unary(method, unaryOptions, (request, context) => handler(checkedTexts(request), context), methodOptions);

  const implementation: approvalsV1.ApprovalsServiceServer = {
    submitRequest: checkedUnary('SubmitRequest', options, async (request: approvalsV1.SubmitRequestRequest, { actor }) =>
      toWire(
        await approvals.submit(actor, {
          ...operationFromWire(request.operation),
          treasuryId: request.treasuryId,
          idempotencyKey: request.idempotencyKey,
          documents: request.documents.map((d) => ({ kind: d.kind, reference: d.reference })),
        }),
      ),
      { audited: true, mutation: requestSummary },
    ),

    actOnRequest: checkedUnary('ActOnRequest', options, async (request: approvalsV1.ActOnRequestRequest, { actor }) => {
      if (request.decision === approvalsV1.Decision.DECISION_UNSPECIFIED) {
        throw invalidArgument('MISSING_DECISION', 'decision must be DECISION_APPROVE or DECISION_REJECT', { field: 'decision' });
      }
      const elements = request.keyElements;
      return toWire(
        await approvals.act(actor, {
          requestId: request.requestId,
          decision: request.decision === approvalsV1.Decision.DECISION_APPROVE ? 'approve' : 'reject',
          comment: request.comment,
          keyElements: elements
            ? { payeeAccount: elements.payeeAccount, payeeName: elements.payeeName, bankCode: elements.bankCode, amount: elements.amount }
            : null,
        }),
      );
    }, { audited: true, mutation: requestSummary }),

    getRequest: checkedUnary('GetRequest', options, async (request: approvalsV1.GetRequestRequest, { actor }) =>
      toWire(await approvals.get(actor, request.requestId)),
    ),

    listPendingForMe: checkedUnary('ListPendingForMe', options, async (_request: approvalsV1.ListPendingForMeRequest, { actor }) => ({
      requests: (await approvals.pendingFor(actor)).map(toWire),
    })),

    queryRegister: checkedUnary('QueryRegister', options, async (request: approvalsV1.QueryRegisterRequest, { actor }) => {
      const status = request.status || undefined;
      if (status && !['pending', 'executed', 'rejected'].includes(status)) {
        throw invalidArgument('INVALID_STATUS', 'status must be pending, executed or rejected', { field: 'status' });
      }
      const requests = await approvals.register(actor, {
        treasuryId: request.treasuryId,
        kind: request.kind || undefined,
        status: status as ApprovalRequest['status'] | undefined,
        personId: request.personId || undefined,
        from: request.startDate ? parseBusinessDate(request.startDate, 'start_date') : undefined,
        to: request.endDate ? parseBusinessDate(request.endDate, 'end_date') : undefined,
        limit: request.pageSize || undefined,
      });
      return { requests: requests.map(toWire) };
    }),

    listOverdueInquiries: checkedUnary('ListOverdueInquiries', options, async (request: approvalsV1.ListOverdueInquiriesRequest, { actor }) => ({
      requests: (await approvals.overdueInquiries(actor, request.treasuryId, shanghaiNow(clock()))).map(toWire),
    })),

    queryAuditTrail: checkedUnary('QueryAuditTrail', options, async (request: approvalsV1.QueryAuditTrailRequest, { actor }) => {
      const trail = await approvals.auditTrailOf(actor, request.treasuryId, parseBusinessDate(request.date, 'date'));
      return {
        executed: trail.executed.map(toWire),
        refusals: trail.refusals.map((r) => ({
          principalId: r.principalId,
          principalLogin: r.principalLogin,
          method: r.method,
          reason: r.reason,
          message: r.message,
          time: r.at.toISOString(),
        })),
      };
    }),
  };
  return { name: 'jinku.approvals.v1.ApprovalsService', definition: approvalsV1.ApprovalsServiceService, implementation };
}

/** What a request's log line names: the request, where it stands, and what executing it made (voucher ids). */
const requestSummary = (request: approvalsV1.ApprovalRequest) => ({
  requestId: request.requestId,
  kind: request.kind,
  status: request.status,
  nextStep: request.nextStep,
  result: request.result,
});

/** Treasury deadlines are wall-clock times in Asia/Shanghai, the demo treasuries' zone. */
function shanghaiNow(now: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(now).replace(' ', 'T');
}

function toWire(request: ApprovalRequest): approvalsV1.ApprovalRequest {
  return {
    name: `treasuries/${request.treasuryId}/requests/${request.id}`,
    requestId: request.id,
    kind: request.kind,
    treasuryId: request.treasuryId,
    target: request.target,
    operation: request.payload === null ? undefined : operationToWire(request.kind, request.payload),
    keyElementsWithheld: request.keyElementsWithheld,
    keyElementMismatches: request.keyElementMismatches,
    amount: request.amount ?? '',
    initiatorId: request.initiatorId,
    initiatorLogin: request.initiatorLogin,
    route: [...request.route],
    status: request.status,
    nextStep: request.nextStep ?? '',
    steps: request.steps.map((s) => ({
      step: s.step,
      actorId: s.actorId,
      actorLogin: s.actorLogin,
      decision: s.decision,
      comment: s.comment,
      actTime: s.actedAt.toISOString(),
    })),
    result: request.result ?? {},
    rejectionReason: request.rejectionReason ?? '',
    createTime: request.createdAt.toISOString(),
    finishTime: request.finishedAt?.toISOString() ?? '',
  };
}
