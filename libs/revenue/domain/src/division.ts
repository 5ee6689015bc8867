import { Decimal } from 'decimal.js';
import { fitsTheBooks, invalidArgument, type Amount } from '@jinku/kernel';
import { FISCAL_LEVELS, isFiscalLevel, type FiscalLevel } from '@jinku/ledger-domain';

/** One level's sharing ratio (分成比例) in percent: 50, 12.5, 33.3333 (at most four decimals). */
export interface Share {
  readonly level: FiscalLevel;
  readonly percent: Decimal;
}

/** One level's part of a divided amount, to the fen. */
export interface SharePart {
  readonly level: FiscalLevel;
  readonly amount: Amount;
}

/** A ratio has at most four decimals (33.3333%): with fen amounts every product is a whole number of 10^-6 fen. */
export const MAX_PERCENT_DECIMALS = 4;

/**
 * All arithmetic here is on whole numbers: fen (< 10^20) times ten-thousandths of a percent (≤ 10^6).
 * 40 significant digits hold every product exactly, so nothing is ever rounded by decimal.js itself.
 */
const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_DOWN });

const HUNDRED = new Exact(100);
/** fen × (percent × 10^4) / 10^6 = fen × percent / 100. */
const PART_DIVISOR = new Exact(1_000_000);

const levelRank = (level: FiscalLevel): number => FISCAL_LEVELS.indexOf(level);

/**
 * Checks a set of shares (R31 体制分成): known levels, each level at most once (LEVEL_TWICE), each percent
 * positive with at most four decimals (MALFORMED_SHARE), summing to exactly 100 (SHARES_NOT_100).
 * Returns the shares in level order from the top (central, provincial, municipal, district).
 */
export function validateShares(shares: readonly Share[]): Share[] {
  const seen = new Set<FiscalLevel>();
  for (const share of shares) {
    if (!isFiscalLevel(share.level)) {
      throw invalidArgument('MALFORMED_SHARE', `a share's level is one of ${FISCAL_LEVELS.join(', ')}, got "${String(share.level)}"`, {
        level: String(share.level),
      });
    }
    const percent = share.percent;
    if (!Decimal.isDecimal(percent) || !percent.isFinite() || !percent.isPositive() || percent.isZero() || percent.decimalPlaces() > MAX_PERCENT_DECIMALS) {
      throw invalidArgument(
        'MALFORMED_SHARE',
        `the ${share.level} share must be a percent above 0 with at most ${MAX_PERCENT_DECIMALS} decimals, got "${String(percent)}"`,
        { level: share.level },
      );
    }
    if (seen.has(share.level)) {
      throw invalidArgument('LEVEL_TWICE', `the ${share.level} level has more than one share`, { level: share.level });
    }
    seen.add(share.level);
  }
  let total = new Exact(0);
  for (const share of shares) total = total.plus(share.percent);
  if (!total.equals(HUNDRED)) {
    throw invalidArgument('SHARES_NOT_100', `the shares must sum to exactly 100 percent, got ${total.toString()}`, { total: total.toString() });
  }
  return [...shares].sort((a, b) => levelRank(a.level) - levelRank(b.level));
}

function checkAmount(amount: Amount): void {
  if (!Decimal.isDecimal(amount) || !amount.isFinite() || amount.decimalPlaces() > 2) {
    throw invalidArgument('MALFORMED_AMOUNT', `an amount to divide is yuan to the fen, got "${String(amount)}"`, { field: 'amount' });
  }
  if (!amount.isPositive() || amount.isZero()) {
    throw invalidArgument('NON_POSITIVE_AMOUNT', `an amount to divide must be greater than zero, got "${amount.toFixed(2)}"`, { field: 'amount' });
  }
  if (!fitsTheBooks(amount)) {
    throw invalidArgument('AMOUNT_TOO_LARGE', `an amount to divide must be below 10^18 yuan, got "${amount.toFixed(2)}"`, { field: 'amount' });
  }
}

/**
 * Divides a positive amount (to the fen) between levels by shares summing to exactly 100 (R31).
 *
 * Remainder rule (largest remainder, 最大余额法):
 * 1. each level's part is first amount × percent / 100 rounded DOWN to the fen;
 * 2. the fens left over — the amount minus those parts, always fewer than the number of shares — go one
 *    each to the parts whose discarded fraction (the fen fraction cut off in step 1) is largest;
 * 3. equal fractions are broken by level from the top: central, provincial, municipal, district.
 *
 * So the parts always sum to the amount, each part differs from its exact product by less than one fen,
 * and the result depends only on the amount and the set of shares, not on the order they are given in.
 * Parts come back in level order from the top; a share whose part is 0.00 is still returned.
 *
 * Refuses MALFORMED_AMOUNT (not a finite amount in fen), NON_POSITIVE_AMOUNT, AMOUNT_TOO_LARGE (10^18 or
 * more), and the shares' refusals of `validateShares`.
 */
export function divide(amount: Amount, shares: readonly Share[]): SharePart[] {
  checkAmount(amount);
  const ordered = validateShares(shares);
  const fen = new Exact(amount).times(HUNDRED);

  const parts = ordered.map((share) => {
    const product = fen.times(new Exact(share.percent).times(10_000)); // exact part × 10^6, in fen
    const floor = product.dividedToIntegerBy(PART_DIVISOR);
    return { level: share.level, fen: floor, discarded: product.minus(floor.times(PART_DIVISOR)) };
  });

  // The discarded fractions sum to the leftover fens, and each is below one fen: so there are fewer
  // leftover fens than shares, and a part with nothing discarded never receives one.
  let leftover = fen;
  for (const part of parts) leftover = leftover.minus(part.fen);
  const extra = new Set<FiscalLevel>();
  const byDiscarded = [...parts].sort((a, b) => b.discarded.comparedTo(a.discarded) || levelRank(a.level) - levelRank(b.level));
  for (const part of byDiscarded) {
    if (!leftover.isPositive() || leftover.isZero()) break;
    extra.add(part.level);
    leftover = leftover.minus(1);
  }

  return parts.map((part) => ({
    level: part.level,
    amount: new Decimal((extra.has(part.level) ? part.fen.plus(1) : part.fen).dividedBy(HUNDRED).toFixed(2)),
  }));
}
