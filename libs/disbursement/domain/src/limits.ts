import { failedPrecondition, formatAmount, type Amount } from '@jinku/kernel';

/** What a plan line or a quota is for: a function code (类, 款 or 项) and an economic code, or '' for any economic code. */
export interface BudgetKey {
  readonly functionCode: string;
  readonly economicCode: string;
}

const FUNCTION_PREFIXES = [7, 5, 3] as const;

/**
 * The keys a payment under (functionCode, economicCode) may draw on, most specific first: its own codes, then
 * each shorter function prefix (项 → 款 → 类), each with the economic code, its 类, or any. A plan or quota is
 * kept at whatever level the bureau plans; the payment draws on the most specific one there is.
 */
export function keysFor(functionCode: string, economicCode: string): BudgetKey[] {
  const functions = [functionCode, ...FUNCTION_PREFIXES.filter((length) => length < functionCode.length).map((length) => functionCode.slice(0, length))];
  const economics = [...new Set([economicCode, economicCode.slice(0, 3), ''])];
  return functions.flatMap((f) => economics.map((e) => ({ functionCode: f, economicCode: e })));
}

export const keyText = (key: BudgetKey) => `${key.functionCode}/${key.economicCode || '*'}`;

/** Which limit: the bureau's expenditure plan with its supplements (R39(4)), or an agency bank's quota (R39(2)). */
export type LimitKind = 'plan' | 'quota';

const REFUSALS = {
  plan: { none: 'NO_PLAN', over: 'OVER_PLAN', article: 'R39(4)', name: 'the expenditure plan (with its supplements)' },
  quota: { none: 'NO_QUOTA', over: 'OVER_QUOTA', article: 'R39(2)', name: 'the agency bank’s quota' },
} as const;

/**
 * No budget, no payment; no overspending: refuses NO_PLAN / NO_QUOTA when there is no limit for the key, and
 * OVER_PLAN / OVER_QUOTA when what was used plus `amount` exceeds it, naming what is left.
 */
export function assertWithinLimit(kind: LimitKind, key: BudgetKey | undefined, limit: Amount | undefined, used: Amount, amount: Amount): void {
  const refusal = REFUSALS[kind];
  if (!key || limit === undefined) throw failedPrecondition(refusal.none, `nothing in ${refusal.name} covers the payment (${refusal.article})`, { article: refusal.article });
  const left = limit.minus(used);
  if (amount.greaterThan(left)) {
    throw failedPrecondition(refusal.over, `${formatAmount(amount)} exceeds the ${formatAmount(left)} left of ${refusal.name} for ${keyText(key)} (${refusal.article})`, {
      article: refusal.article,
      left: formatAmount(left),
      key: keyText(key),
    });
  }
}
