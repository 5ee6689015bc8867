import type { BusinessDate } from '@jinku/kernel';
import type { BusinessCalendar } from '@jinku/ledger-domain';

/** A wall-clock moment in the treasury's own time zone, `YYYY-MM-DDTHH:MM`. */
export type LocalDateTime = string;

/**
 * Inquiry and reply (查询查复, R18(5)): answered the same business day, at the latest by noon of the next
 * business day. An inquiry received on a non-business day counts from the next business day.
 */
export function inquiryReplyDeadline(receivedOn: BusinessDate, calendar: BusinessCalendar): LocalDateTime {
  const handledOn = calendar.onOrAfter(receivedOn);
  return `${calendar.nextBusinessDay(handledOn)}T12:00`;
}

export function isInquiryOverdue(receivedOn: BusinessDate, now: LocalDateTime, calendar: BusinessCalendar): boolean {
  return now > inquiryReplyDeadline(receivedOn, calendar);
}
