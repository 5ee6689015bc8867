import { STEP_PERMISSION, type KeyElements } from '@jinku/approvals-domain';
import { isAuthorized, type Actor } from '@jinku/kernel';
import type { ApprovalRequest, Approvals, SubmitCommand } from './approvals';

/**
 * Enters a request and has it approved step by step by the given checkers (the first who may take each
 * step takes it): for trusted set-up code — the demo seed, the bench — that must go through the same route
 * as everyone else rather than around it. A blind audit re-enters `keyElements` (the original document's).
 */
export async function walkThroughApprovals(
  approvals: Approvals,
  maker: Actor,
  checkers: readonly Actor[],
  command: SubmitCommand,
  keyElements: KeyElements | null = null,
): Promise<ApprovalRequest> {
  let request = await approvals.submit(maker, command);
  while (request.status === 'pending') {
    const step = request.nextStep;
    const checker = checkers.find(
      (c) => step && c.userId !== maker.userId && !request.steps.some((s) => s.actorId === c.userId) && isAuthorized(c, STEP_PERMISSION[step], request.treasuryId),
    );
    if (!checker) throw new Error(`nobody among the checkers can take the ${step} step of request ${request.id}`);
    request = await approvals.act(checker, { requestId: request.id, decision: 'approve', comment: 'approved', keyElements: step === 'key_element_audit' ? keyElements : null });
  }
  return request;
}
