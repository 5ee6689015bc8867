import { authorize, failedPrecondition, isAuthorized, permissionDenied, type Actor } from '@jinku/kernel';
import { STEP_PERMISSION, type StepKind } from './route';

/** The parts of a request the segregation rules look at. */
export interface RequestState {
  readonly treasuryId: string;
  readonly initiatorId: string;
  readonly status: 'pending' | 'executed' | 'rejected';
  readonly route: readonly StepKind[];
  /** Who did each step done so far, in order. */
  readonly actorsSoFar: readonly string[];
}

/**
 * Acting on the current step: nobody checks their own work — not the initiator, not whoever did an
 * earlier step of the same request (一手清 is forbidden, R17) — and the step's permission on the request's
 * treasury (`authorize`). Returns the step.
 */
export function assertMayAct(actor: Actor, request: RequestState): StepKind {
  if (request.status !== 'pending') throw failedPrecondition('REQUEST_NOT_PENDING', `the request is already ${request.status}`);
  const step = request.route[request.actorsSoFar.length];
  if (!step) throw failedPrecondition('REQUEST_NOT_PENDING', 'the request has no step left');
  const what = step.replaceAll('_', ' ');
  if (actor.userId === request.initiatorId) throw permissionDenied('OWN_REQUEST', `${actor.login} entered this request and cannot ${what} it; ask another person`);
  if (request.actorsSoFar.includes(actor.userId)) {
    throw permissionDenied('ALREADY_ACTED', `${actor.login} already did an earlier step of this request; the ${what} needs another person`);
  }
  authorize(actor, STEP_PERMISSION[step], request.treasuryId);
  return step;
}

/** The next step waits for a key-element audit this viewer could do: they must not see what they re-enter. */
export function mustNotSeeKeyElements(viewer: Actor, request: RequestState): boolean {
  if (!request.route.includes('key_element_audit') || request.status !== 'pending') return false;
  const auditDone = request.route.indexOf('key_element_audit') < request.actorsSoFar.length;
  const involved = viewer.userId === request.initiatorId || request.actorsSoFar.includes(viewer.userId);
  return !auditDone && !involved && isAuthorized(viewer, STEP_PERMISSION.key_element_audit, request.treasuryId);
}
