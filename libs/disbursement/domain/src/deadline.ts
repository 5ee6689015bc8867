import type { BusinessCalendar } from '@jinku/ledger-domain';
import type { BusinessDate } from '@jinku/kernel';

/**
 * R36: a checked payment goes out the day it is received, at the latest the next business day. Received on a
 * day the treasury is closed, it counts as received on the next business day.
 */
export function releaseDeadline(calendar: BusinessCalendar, receivedOn: BusinessDate): BusinessDate {
  return calendar.nextBusinessDay(calendar.onOrAfter(receivedOn));
}
