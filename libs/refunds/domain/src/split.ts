import { Decimal } from 'decimal.js';
import { failedPrecondition, formatAmount, sumAmounts, type Amount } from '@jinku/kernel';
import { FISCAL_LEVELS, type FiscalLevel } from '@jinku/ledger-domain';

/** One level's money: a receipt's part, what was refunded of it, or a refund's share. */
export interface LevelAmount {
  readonly level: FiscalLevel;
  readonly amount: Amount;
}

const fenOf = (amount: Amount) => BigInt(amount.times(100).toFixed(0));
const yuanOf = (fen: bigint) => new Decimal(fen.toString()).dividedBy(100);
const levelRank = (level: FiscalLevel) => FISCAL_LEVELS.indexOf(level);

/**
 * Refuses REFUND_EXCEEDS_RECEIPT when `amount` is more than the receipt has left (`remaining`: what each level
 * still holds of it, after earlier refunds and corrections): refunds of one receipt never exceed it in total.
 */
export function assertWithinRemaining(remaining: readonly LevelAmount[], amount: Amount, receiptAmount: Amount): void {
  const left = sumAmounts(remaining.map((part) => part.amount));
  if (amount.greaterThan(left)) {
    throw failedPrecondition('REFUND_EXCEEDS_RECEIPT', `a refund of ${formatAmount(amount)} exceeds what is left of the receipt: ${formatAmount(left)} of ${formatAmount(receiptAmount)} (R33)`, {
      remaining: formatAmount(left),
      receiptAmount: formatAmount(receiptAmount),
    });
  }
}

/**
 * Splits a refund between the levels by the receipt's sharing (R33(2)): each level's share is the refund ×
 * what that level still holds ÷ what the receipt still holds, exact to the fen. A receipt a correction moved
 * holds money under more than one code: each line of `remaining` gets its share, keeping its other fields. The remainder rule is the
 * receipt's division's: each share first rounded down, the spare fens one each to the largest discarded
 * fractions, ties to the higher level, so the shares always sum to the refund.
 *
 * Weighing by what is left rather than by the original parts keeps every level within its part over any
 * sequence of partial refunds: a share never exceeds what its level holds (the product is at most that,
 * and a share whose product is exact gets no spare fen), and the refund of everything left returns each
 * level exactly its rest. Until a first refund, what is left is the receipt's parts themselves.
 */
export function splitRefund<Part extends LevelAmount>(amount: Amount, remaining: readonly Part[]): (Part & LevelAmount)[] {
  const refund = fenOf(amount);
  const weights = remaining.map((part) => fenOf(part.amount));
  const total = weights.reduce((sum, weight) => sum + weight, 0n);
  if (refund <= 0n || refund > total) throw new RangeError('a refund is positive and within what the receipt has left (remainingOf checks it)');
  const shares = remaining.map((part, i) => ({ level: part.level, fen: (refund * weights[i]!) / total, discarded: (refund * weights[i]!) % total }));
  let spare = refund - shares.reduce((sum, share) => sum + share.fen, 0n);
  const byDiscarded = [...shares].sort((a, b) => (a.discarded === b.discarded ? levelRank(a.level) - levelRank(b.level) : a.discarded > b.discarded ? -1 : 1));
  for (const share of byDiscarded) {
    if (spare === 0n || share.discarded === 0n) break;
    share.fen += 1n;
    spare -= 1n;
  }
  return shares.map((share, i) => ({ ...remaining[i]!, amount: yuanOf(share.fen) }));
}
