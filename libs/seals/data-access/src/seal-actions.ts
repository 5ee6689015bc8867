import type { ActionDefinition } from '@jinku/approvals';
import { checkText, invalidArgument } from '@jinku/kernel';
import type { SealAlgorithm, SealKind, SealRegistration } from '@jinku/seals-domain';
import type { SealHandover, Seals } from './seals';

const TEXT_LIMIT = 200;

function textOf(payload: unknown, field: string): string {
  const value = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'string') throw invalidArgument('MALFORMED_PAYLOAD', `payload.${field} must be a string`, { field });
  return checkText(value, `payload.${field}`, TEXT_LIMIT);
}

/**
 * A seal of the treasury (R80–R81): entered by the system admin or the supervisor, reviewed, approved by
 * the supervisor; only then is its key pair generated and the seal on record, status registered.
 */
export function sealRegistrationAction(seals: Seals): ActionDefinition<SealRegistration> {
  return {
    policy: { kind: 'seal_registration', permission: 'seal.register' },
    parse: (payload, treasuryId) =>
      seals.checkRegistration(treasuryId, {
        kind: textOf(payload, 'kind') as SealKind,
        name: textOf(payload, 'name'),
        custodianUserId: textOf(payload, 'custodianUserId'),
        imprint: textOf(payload, 'imprint'),
        algorithm: textOf(payload, 'algorithm') as SealAlgorithm,
      }),
    targetOf: (registration) => `seal-registration:${registration.kind}:${registration.name}`,
    amountOf: () => null,
    keyElementsOf: () => null,
    important: () => true,
    async execute(tx, registration, context) {
      const seal = await seals.registerWithin(tx, context, registration);
      return { sealId: seal.id, kind: seal.kind, custodianUserId: seal.custodianUserId };
    },
  };
}

/**
 * A change of custodian (R82 交接, R13): entered by the seal's custodian, reviewed, approved by the
 * supervisor, recorded with both names; a personal name seal never changes hands.
 */
export function sealHandoverAction(seals: Seals): ActionDefinition<SealHandover> {
  return {
    policy: { kind: 'seal_handover', permission: 'seal.hand_over' },
    parse: (payload, _treasuryId, initiator) =>
      seals.checkHandover(initiator, { sealId: textOf(payload, 'sealId'), toUserId: textOf(payload, 'toUserId'), reason: textOf(payload, 'reason') }),
    targetOf: (handover) => `seal:${handover.sealId}`,
    amountOf: () => null,
    keyElementsOf: () => null,
    important: () => true,
    async execute(tx, handover, context) {
      const done = await seals.handOverWithin(tx, context, handover);
      return { sealId: done.sealId, fromUserId: done.fromUserId, toUserId: done.toUserId, handoverTime: done.at.toISOString() };
    },
  };
}
