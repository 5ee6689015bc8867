import { failedPrecondition, holdsAnyPost, permissionDenied, type Actor } from '@jinku/kernel';
import { STEP_POST, type RequestPolicy, type StepKind } from './route';

/** Where an actor may act: their own treasury, or — for the branch's people — its sub-treasuries (R3, R23). */
export type TreasuryReach = (actorTreasuryId: string, targetTreasuryId: string) => boolean;

/** The parts of a request the segregation rules look at. */
export interface RequestState {
  readonly treasuryId: string;
  readonly initiatorId: string;
  readonly status: 'pending' | 'executed' | 'rejected';
  readonly route: readonly StepKind[];
  /** Who did each step done so far, in order. */
  readonly actorsSoFar: readonly string[];
}

function assertReach(actor: Actor, treasuryId: string, reaches: TreasuryReach): void {
  if (!reaches(actor.treasuryId, treasuryId)) {
    throw permissionDenied('OTHER_TREASURY', `${actor.login} of treasury ${actor.treasuryId} cannot act on treasury ${treasuryId}'s business`);
  }
}

/** Entering a request: a post allowed for the kind, and never a checker-only person (R6, R17). */
export function assertMayInitiate(actor: Actor, policy: RequestPolicy, treasuryId: string, reaches: TreasuryReach): void {
  assertReach(actor, treasuryId, reaches);
  if (!holdsAnyPost(actor, policy.initiatorPosts)) {
    throw permissionDenied('POST_MAY_NOT_INITIATE', `${policy.kind} is entered by ${policy.initiatorPosts.join(' or ')}; ${actor.login} holds ${actor.posts.join(', ') || 'no post'}`);
  }
  // Supervisors and system admins enter no business (R6, R17); only a kind that names their post (the
  // admin maintains parameters, R7) lets them enter it.
  const checkerPosts = (['accounting_supervisor', 'system_admin'] as const).filter((post) => !policy.initiatorPosts.includes(post));
  if (holdsAnyPost(actor, checkerPosts)) {
    throw permissionDenied('POST_MAY_NOT_INITIATE', 'supervisors and system admins enter no business (R6, R17)');
  }
}

/**
 * Acting on the current step: the step's post, the right treasury, and nobody checks their own work —
 * not the initiator, not whoever did an earlier step of the same request (一手清 is forbidden, R17).
 */
export function assertMayAct(actor: Actor, request: RequestState, reaches: TreasuryReach): StepKind {
  if (request.status !== 'pending') throw failedPrecondition('REQUEST_NOT_PENDING', `the request is already ${request.status}`);
  const step = request.route[request.actorsSoFar.length];
  if (!step) throw failedPrecondition('REQUEST_NOT_PENDING', 'the request has no step left');
  assertReach(actor, request.treasuryId, reaches);
  if (actor.userId === request.initiatorId) {
    throw permissionDenied('OWN_REQUEST', `${actor.login} entered this request and cannot ${step.replaceAll('_', ' ')} it; ask another person`);
  }
  if (request.actorsSoFar.includes(actor.userId)) {
    throw permissionDenied('ALREADY_ACTED', `${actor.login} already did an earlier step of this request; the ${step.replaceAll('_', ' ')} needs another person`);
  }
  if (!actor.posts.includes(STEP_POST[step])) {
    throw permissionDenied('POST_MAY_NOT_ACT', `the ${step.replaceAll('_', ' ')} step needs the ${STEP_POST[step]} post`, { step });
  }
  return step;
}
