import { Decimal } from 'decimal.js';
import { excerpt, failedPrecondition, invalidArgument, parseBusinessDate, type BusinessDate } from '@jinku/kernel';
import { FISCAL_LEVELS, isFiscalLevel } from '@jinku/ledger-domain';
import { validateShares, type Share } from './division';

/**
 * A sharing parameter (体制分成参数, R31): how receipts of a revenue code (and its sub-codes) are divided
 * between levels, in a region or everywhere (`region` null), from `effectiveFrom` on. Shares are in level
 * order from the top and sum to exactly 100.
 */
export interface SharingRule {
  readonly revenueCode: string;
  readonly region: string | null;
  readonly effectiveFrom: BusinessDate;
  readonly shares: readonly Share[];
}

/** The payload of an entered rule: all strings, percents as decimal strings ("50", "33.3333"). */
export interface SharingRuleInput {
  readonly revenueCode: string;
  /** Six-digit administrative division code (440304), or "" for a rule of every region. */
  readonly region: string;
  readonly effectiveFrom: string;
  readonly shares: readonly { readonly level: string; readonly percent: string }[];
}

/** A revenue classification code (收入分类科目): 类 3 digits, 款 5, 项 7, 目 9; a rule may name any prefix of 3–9 digits. */
const REVENUE_CODE = /^[0-9]{3,9}$/;
const REGION = /^[0-9]{6}$/;
/** A wire percent: no sign, no exponent, no leading zeros, at most three integer digits and four decimals. */
const PERCENT = /^(0|[1-9][0-9]{0,2})(\.[0-9]{1,4})?$/;

export function isRevenueCode(code: string): boolean {
  return REVENUE_CODE.test(code);
}

/**
 * Validates an entered rule: code of 3–9 digits (MALFORMED_REVENUE_CODE), region of 6 digits or ""
 * (MALFORMED_REGION), a real date (MALFORMED_DATE), shares with known levels and wire percents
 * (MALFORMED_SHARE) that satisfy `validateShares` (LEVEL_TWICE, SHARES_NOT_100).
 */
export function parseSharingRule(input: SharingRuleInput): SharingRule {
  const { revenueCode, region } = input;
  if (typeof revenueCode !== 'string' || !REVENUE_CODE.test(revenueCode)) {
    throw invalidArgument('MALFORMED_REVENUE_CODE', `a revenue code is 3 to 9 digits, got "${excerpt(String(revenueCode))}"`, { field: 'revenueCode' });
  }
  if (typeof region !== 'string' || (region !== '' && !REGION.test(region))) {
    throw invalidArgument('MALFORMED_REGION', `a region is a 6-digit division code or empty, got "${excerpt(String(region))}"`, { field: 'region' });
  }
  const effectiveFrom = parseBusinessDate(input.effectiveFrom, 'effectiveFrom');
  const shares = validateShares(
    (Array.isArray(input.shares) ? input.shares : []).map((share): Share => {
      if (!isFiscalLevel(share.level)) {
        throw invalidArgument('MALFORMED_SHARE', `a share's level is one of ${FISCAL_LEVELS.join(', ')}, got "${excerpt(String(share.level))}"`, {
          field: 'shares',
        });
      }
      if (typeof share.percent !== 'string' || !PERCENT.test(share.percent)) {
        throw invalidArgument('MALFORMED_SHARE', `the ${share.level} share is a percent like "50" or "33.3333", got "${excerpt(String(share.percent))}"`, {
          field: 'shares',
          level: share.level,
        });
      }
      return { level: share.level, percent: new Decimal(share.percent) };
    }),
  );
  return { revenueCode, region: region === '' ? null : region, effectiveFrom, shares };
}

/**
 * The rule that divides a receipt of `revenueCode` in `region` collected on `date`: among the rules
 * effective on or before `date` whose code is a prefix of (or equal to) `revenueCode` and whose region is
 * this region or none, the most specific —
 *   1. the longest code prefix first;
 *   2. then a rule for this region before a region-less one;
 *   3. among equals the latest `effectiveFrom` (a new version replaces the old one from its date);
 *   4. of rules equal in all three, the last in the list (the later entry corrects the earlier one).
 *
 * The code comes before the region on purpose: a longer prefix wins over a region match of a shorter
 * prefix. The ratio is a property of the revenue item first — the central share of domestic VAT (50%,
 * 国发〔2016〕26号) or of income tax (60%) is fixed for every region — and a region rule only adjusts how a
 * class is divided in one area. A region rule for a whole class (101 税收收入 in Futian) must therefore not
 * override an explicit rule for one of its items; to treat an item differently in a region, enter a rule
 * for that item and region, which then wins on both counts.
 *
 * A rule is never ended by a broader one: a newer rule of a shorter prefix does not replace a more specific
 * older one; a specific rule changes only by a new version of itself.
 */
export function ruleInForce(rules: readonly SharingRule[], revenueCode: string, region: string, date: BusinessDate): SharingRule | undefined {
  let best: SharingRule | undefined;
  for (const rule of rules) {
    if (rule.effectiveFrom > date || !revenueCode.startsWith(rule.revenueCode)) continue;
    if (rule.region !== null && rule.region !== region) continue;
    if (!best || !moreSpecific(best, rule)) best = rule;
  }
  return best;
}

/** Whether `a` beats `b` outright (ties go to `b`, the later one in the list). */
function moreSpecific(a: SharingRule, b: SharingRule): boolean {
  if (a.revenueCode.length !== b.revenueCode.length) return a.revenueCode.length > b.revenueCode.length;
  if ((a.region === null) !== (b.region === null)) return a.region !== null;
  return a.effectiveFrom > b.effectiveFrom;
}

/**
 * A receipt's budget level designation (预算级次): `shared` (divided by the sharing rule in force) or one
 * fiscal level that takes the whole amount.
 */
export const BUDGET_LEVEL_DESIGNATIONS = ['shared', ...FISCAL_LEVELS] as const;
export type BudgetLevelDesignation = (typeof BUDGET_LEVEL_DESIGNATIONS)[number];

export function isBudgetLevelDesignation(value: string): value is BudgetLevelDesignation {
  return (BUDGET_LEVEL_DESIGNATIONS as readonly string[]).includes(value);
}

/** What the refusal of a shared receipt without a rule names. */
export interface ReceiptKey {
  readonly revenueCode: string;
  readonly region: string;
  readonly date: BusinessDate;
}

/**
 * The shares a receipt is divided by: for one level, 100% to it (no rule needed); for `shared`, the
 * rule in force (`ruleInForce`), or failedPrecondition NO_SHARING_RULE naming the code, region and date.
 * An unknown designation is MALFORMED_BUDGET_LEVEL.
 */
export function sharesFor(designation: BudgetLevelDesignation, rule: SharingRule | undefined, receipt: ReceiptKey): readonly Share[] {
  if (designation === 'shared') {
    if (!rule) {
      throw failedPrecondition(
        'NO_SHARING_RULE',
        `no sharing rule divides revenue code ${receipt.revenueCode} in region ${receipt.region} on ${receipt.date} (R31)`,
        { revenueCode: receipt.revenueCode, region: receipt.region, date: receipt.date },
      );
    }
    return rule.shares;
  }
  if (!isFiscalLevel(designation)) {
    throw invalidArgument('MALFORMED_BUDGET_LEVEL', `a budget level designation is one of ${BUDGET_LEVEL_DESIGNATIONS.join(', ')}, got "${excerpt(String(designation))}"`, {
      field: 'budgetLevel',
    });
  }
  return [{ level: designation, percent: new Decimal(100) }];
}
