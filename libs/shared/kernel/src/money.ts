import { Decimal } from 'decimal.js';
import { invalidArgument } from './errors';

/** Money is yuan with exactly two decimals (角分, R56), held as decimal.js values, never JS numbers. */
export type Amount = Decimal;

/** NUMERIC(20,2) holds 18 integer digits; refuse anything larger before the database does. */
const MAX_INTEGER_DIGITS = 18;
const WIRE_FORMAT = /^(-)?(0|[1-9][0-9]*)(?:\.([0-9]{1,2}))?$/;

/**
 * Parses a wire amount: optional minus, integer part without leading zeros, at most two decimals.
 * Refuses exponent forms, "-0", more than two decimals (no silent rounding of "1.005") and blanks.
 */
export function parseAmount(text: string, field = 'amount'): Amount {
  const match = WIRE_FORMAT.exec(text);
  if (!match || match[2]!.length > MAX_INTEGER_DIGITS) {
    throw invalidArgument('MALFORMED_AMOUNT', `${field} must be a decimal yuan amount with at most two decimals, got "${text}"`, {
      field,
    });
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

export function sumAmounts(amounts: Iterable<Amount>): Amount {
  let total = ZERO;
  for (const amount of amounts) total = total.plus(amount);
  return total;
}
