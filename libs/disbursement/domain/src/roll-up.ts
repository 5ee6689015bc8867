import { sumAmounts, type Amount } from '@jinku/kernel';

/**
 * Totals per code and per each of its prefixes of the given lengths shorter than the code — a function code's
 * 类/款/项 (3, 5, 7), an economic code's 类/款 (3, 5) — sorted by code as a string. Sums are exact.
 */
export function rollUpCodes(lines: readonly { readonly code: string; readonly amount: Amount }[], prefixLengths: readonly number[]): { code: string; amount: Amount }[] {
  const byCode = new Map<string, Amount[]>();
  for (const { code, amount } of lines) {
    for (const key of [code, ...prefixLengths.filter((length) => length < code.length).map((length) => code.slice(0, length))]) {
      byCode.set(key, [...(byCode.get(key) ?? []), amount]);
    }
  }
  return [...byCode]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, amounts]) => ({ code, amount: sumAmounts(amounts) }));
}
