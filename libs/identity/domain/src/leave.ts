import { invalidArgument, parseBusinessDate, permissionDenied, treasuryDate, type Actor, type BusinessDate } from '@jinku/kernel';

/** Annual leave, forced leave of fund-risk posts (强制休假, R11), anything else. */
export const LEAVE_KINDS = ['annual', 'forced', 'other'] as const;
export type LeaveKind = (typeof LEAVE_KINDS)[number];

/** Leave dates are calendar days where the treasuries are. */
export const staffDate = (instant: Date): BusinessDate => treasuryDate(instant);

export interface LeavePeriod {
  readonly from: BusinessDate;
  readonly to: BusinessDate;
  readonly kind: LeaveKind;
}

/** Dates `YYYY-MM-DD`, both days included, `from` not after `to`; a known kind. */
export function validateLeave(leave: { from: string; to: string; kind: string }): LeavePeriod {
  const from = parseBusinessDate(leave.from, 'from');
  const to = parseBusinessDate(leave.to, 'to');
  if (from > to) throw invalidArgument('INVALID_LEAVE_PERIOD', `leave from ${from} ends before it starts (${to})`);
  if (!(LEAVE_KINDS as readonly string[]).includes(leave.kind)) {
    throw invalidArgument('UNKNOWN_LEAVE_KIND', `"${leave.kind}" is not a leave kind; kinds are ${LEAVE_KINDS.join(', ')}`);
  }
  return { from, to, kind: leave.kind as LeaveKind };
}

/** Leave is recorded by someone holding `staff.record_leave`, never for themselves. */
export function assertMayRecordLeave(actor: Actor, personId: string): void {
  if (actor.userId === personId) throw permissionDenied('OWN_LEAVE', `${actor.login} cannot record their own leave; ask another supervisor`);
}

/** A person on leave cannot act (R11): PERMISSION_DENIED `ON_LEAVE` naming the last day of leave. */
export function assertNotOnLeave(login: string, onLeaveUntil: BusinessDate | null): void {
  if (onLeaveUntil !== null) {
    throw permissionDenied('ON_LEAVE', `${login} is on leave until ${onLeaveUntil} and cannot act before it ends`, { until: onLeaveUntil });
  }
}
