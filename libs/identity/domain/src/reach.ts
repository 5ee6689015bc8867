import { permissionDenied, type Actor } from '@jinku/kernel';

/**
 * Whether people of `actorTreasuryId` may act on staff matters of `targetTreasuryId`: the branch
 * treasury (分库) over its agent sub-treasuries (代理支库), R3, R12, R23. A treasury always reaches
 * itself, whatever the function says.
 */
export type TreasuryReach = (actorTreasuryId: string, targetTreasuryId: string) => boolean;

/** The default reach: every treasury keeps to its own staff. */
export const sameTreasuryOnly: TreasuryReach = (actorTreasuryId, targetTreasuryId) => actorTreasuryId === targetTreasuryId;

export function reachesTreasury(reaches: TreasuryReach, actorTreasuryId: string, targetTreasuryId: string): boolean {
  return actorTreasuryId === targetTreasuryId || reaches(actorTreasuryId, targetTreasuryId);
}

/** PERMISSION_DENIED `OTHER_TREASURY` unless the actor's treasury reaches `treasuryId`. */
export function assertReaches(actor: Actor, treasuryId: string, reaches: TreasuryReach): void {
  if (!reachesTreasury(reaches, actor.treasuryId, treasuryId)) {
    throw permissionDenied('OTHER_TREASURY', `${actor.login} of treasury ${actor.treasuryId} cannot act on the staff of treasury ${treasuryId}`, {
      treasuryId,
    });
  }
}
