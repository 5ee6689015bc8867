import { Decimal } from 'decimal.js';
import { invalidArgument } from './errors';
import { excerpt } from './text';

/** Money is yuan with exactly two decimals (角分, R56), held as decimal.js values, never JS numbers. */
export type Amount = Decimal;

/** The books store money as NUMERIC(20,2): 18 integer digits, so every amount and balance stays below 10^18 yuan. */
export const AMOUNT_LIMIT: Amount = new Decimal('1e18');
const MAX_INTEGER_DIGITS = 18;
const WIRE_FORMAT = /^(-)?(0|[1-9][0-9]*)(?:\.([0-9]{1,2}))?$/;

/** Whether the books can hold `amount` (as a line, a balance or a turnover). */
export const fitsTheBooks = (amount: Amount): boolean => amount.abs().lessThan(AMOUNT_LIMIT);

/**
 * Parses a wire amount: optional minus, integer part without leading zeros, at most two decimals, below
 * 10^18 in magnitude. Refuses exponent forms, "-0", more than two decimals (no silent rounding of "1.005"),
 * blanks (MALFORMED_AMOUNT) and amounts the books cannot hold (AMOUNT_TOO_LARGE). Quotes at most an
 * excerpt of the text: it may be arbitrarily long.
 */
export function parseAmount(text: string, field = 'amount'): Amount {
  const match = WIRE_FORMAT.exec(text);
  if (!match) {
    throw invalidArgument('MALFORMED_AMOUNT', `${field} must be a decimal yuan amount with at most two decimals, got "${excerpt(text)}"`, {
      field,
    });
  }
  if (match[2]!.length > MAX_INTEGER_DIGITS) {
    throw invalidArgument('AMOUNT_TOO_LARGE', `${field} must be below 10^18 yuan, got "${excerpt(text)}"`, { field });
  }
  const amount = new Decimal(text);
  if (match[1] && amount.isZero()) {
    throw invalidArgument('MALFORMED_AMOUNT', `${field} must not be negative zero, got "${text}"`, { field });
  }
  return amount;
}

/** Like parseAmount, for amounts that must be strictly positive (voucher lines, payments). */
export function parsePositiveAmount(text: string, field = 'amount'): Amount {
  const amount = parseAmount(text, field);
  if (!amount.isPositive() || amount.isZero()) {
    throw invalidArgument('NON_POSITIVE_AMOUNT', `${field} must be greater than zero, got "${text}"`, { field });
  }
  return amount;
}

/** Canonical wire form: always two decimals, no exponent, "-" only for negative values. */
export function formatAmount(amount: Amount): string {
  return amount.toFixed(2);
}

export const ZERO: Amount = new Decimal(0);

/**
 * decimal.js rounds to 20 significant digits by default, which a sum of two amounts near 10^18 exceeds:
 * totals are kept exact to 40 digits, so no sum (a voucher's debits, a day's turnover) is ever rounded.
 */
const ExactDecimal = Decimal.clone({ precision: 40 });

export function sumAmounts(amounts: Iterable<Amount>): Amount {
  let total: Amount = new ExactDecimal(0);
  for (const amount of amounts) total = total.plus(amount);
  return total;
}
