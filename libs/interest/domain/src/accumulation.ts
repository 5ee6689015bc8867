import { addDays, failedPrecondition, ZERO, type Amount, type BusinessDate } from '@jinku/kernel';
import type { InterestPeriod } from './settlement';

/** An account's end-of-day balance on a closed business day (the ledger's daily statement). */
export interface EndOfDayBalance {
  readonly date: BusinessDate;
  readonly closing: Amount;
}

/**
 * 计息积数 (R48): the sum over every calendar day of the period of that day's end-of-day balance. A
 * weekend or holiday has no statement of its own; its balance is that of the last closed day before it.
 * `rows` are sorted by date and must include the last closed day on or before `period.from`.
 */
export function accumulate(rows: readonly EndOfDayBalance[], period: InterestPeriod): Amount {
  const first = rows.filter((row) => row.date <= period.from).at(-1);
  if (!first) {
    throw failedPrecondition('BALANCE_MISSING', `no closed end-of-day balance on or before ${period.from}`);
  }
  let total = ZERO;
  let standing = first.closing;
  let next = rows.indexOf(first) + 1;
  for (let day = period.from; day <= period.to; day = addDays(day, 1)) {
    while (next < rows.length && rows[next]!.date <= day) standing = rows[next++]!.closing;
    total = total.plus(standing);
  }
  return total;
}
