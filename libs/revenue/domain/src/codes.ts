import { Decimal } from 'decimal.js';
import { excerpt, invalidArgument, sumAmounts, type Amount } from '@jinku/kernel';
import { isRevenueCode } from './sharing';

/** A line of revenue by classification code (收入分类科目). */
export interface CodeAmount {
  readonly code: string;
  readonly amount: Amount;
}

/** The summary levels of the classification: 类 (3 digits), 款 (5), 项 (7); 目 (9) is the finest. */
export const ROLL_UP_PREFIX_LENGTHS = [3, 5, 7] as const;

/**
 * Totals per code and per each of its prefixes of 3, 5 and 7 digits shorter than the code (类/款/项: a
 * 9-digit 目 code rolls into all three, a 5-digit 款 code into its 类), sorted by code as a string. Sums
 * are exact (the kernel's sumAmounts). Amounts may be negative (a refund, 退库) but are in fen; codes are
 * 3–9 digits (MALFORMED_REVENUE_CODE), amounts finite with at most two decimals (MALFORMED_AMOUNT).
 * Every line lands in exactly one 3-digit total, so the 3-digit totals sum to the grand total.
 */
export function rollUp(lines: readonly CodeAmount[]): CodeAmount[] {
  const byCode = new Map<string, Amount[]>();
  const add = (code: string, amount: Amount) => {
    const amounts = byCode.get(code);
    if (amounts) amounts.push(amount);
    else byCode.set(code, [amount]);
  };
  for (const { code, amount } of lines) {
    if (typeof code !== 'string' || !isRevenueCode(code)) {
      throw invalidArgument('MALFORMED_REVENUE_CODE', `a revenue code is 3 to 9 digits, got "${excerpt(String(code))}"`, { field: 'code' });
    }
    if (!Decimal.isDecimal(amount) || !amount.isFinite() || amount.decimalPlaces() > 2) {
      throw invalidArgument('MALFORMED_AMOUNT', `the amount of code ${code} is yuan to the fen, got "${excerpt(String(amount))}"`, { field: 'amount', code });
    }
    add(code, amount);
    for (const length of ROLL_UP_PREFIX_LENGTHS) if (length < code.length) add(code.slice(0, length), amount);
  }
  return [...byCode]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, amounts]) => ({ code, amount: sumAmounts(amounts) }));
}
