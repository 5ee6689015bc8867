/**
 * How a statement line differs between the treasury's books and the counterparty's (R56–R58): the treasury's
 * amounts and dates are authoritative (R56); each difference is classified so it can be chased to its cause.
 * Lines are matched by their reference and level first; what is left on both sides is matched again by reference
 * and amount, which finds an item booked under another code or level.
 */
export const DIFFERENCE_KINDS = [
  'missing_at_counterparty', // the treasury booked it; the counterparty's statement lacks it
  'missing_at_treasury', // the counterparty lists it; the treasury never booked it
  'amount_differs', // same reference and level, another amount
  'date_differs', // same reference, level and amount, another date
  'code_or_level_differs', // same reference and amount, another code or level
] as const;
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];

/** One line of a statement: an item (a receipt's part) by its reference, as one side books it. */
export interface StatementLine {
  readonly reference: string;
  readonly level: string;
  readonly code: string;
  readonly amount: string;
  readonly date: string;
}

/** Who a statement is with (R55, R57). */
export const COUNTERPARTY_KINDS = ['collecting_authority', 'finance_bureau', 'agency_bank'] as const;

/** What the counterparty signs on the returned statement (R58). */
export const OUTCOMES = ['agreed', 'differs'] as const;
