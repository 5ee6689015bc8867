import fc from 'fast-check';
import { formatAmount, parseAmount, sumAmounts } from '@jinku/kernel';
import { refusalOfCall } from '@jinku/kernel/testing';
import { FISCAL_LEVELS, type FiscalLevel } from '@jinku/ledger-domain';
import { describe, expect, it } from 'vitest';
import { assertWithinRemaining, splitRefund, type LevelAmount } from './split';

const yuan = parseAmount;
const parts = (...entries: [FiscalLevel, string][]): LevelAmount[] => entries.map(([level, amount]) => ({ level, amount: yuan(amount) }));
const shown = (shares: readonly LevelAmount[]) => shares.map((share) => `${share.level} ${formatAmount(share.amount)}`);
const vat = parts(['central', '50.01'], ['municipal', '25.00'], ['district', '25.00']);
/** What each level still holds: its part less earlier refunds' shares of it (what the books' standing says). */
const remainingOf = (receipt: readonly LevelAmount[], refunded: readonly LevelAmount[]): LevelAmount[] =>
  receipt.map((part) => ({ level: part.level, amount: part.amount.minus(sumAmounts(refunded.filter((r) => r.level === part.level).map((r) => r.amount))) }));

describe('splitRefund (R33(2): each level refunds its share, from its own account)', () => {
  it('splits by the receipt’s parts when they come out to the fen', () => {
    expect(shown(splitRefund(yuan('40.00'), parts(['central', '500.00'], ['municipal', '250.00'], ['district', '250.00'])))).toEqual([
      'central 20.00',
      'municipal 10.00',
      'district 10.00',
    ]);
  });

  it('gives the spare fen to the largest discarded fraction, ties to the higher level', () => {
    // 10.00 × 50.01/100.01 = 5.0004…, × 25/100.01 = 2.4997… twice: the two district/municipal fractions are equal, the higher level wins.
    expect(shown(splitRefund(yuan('10.00'), vat))).toEqual(['central 5.00', 'municipal 2.50', 'district 2.50']);
    expect(shown(splitRefund(yuan('0.01'), parts(['municipal', '1.00'], ['district', '1.00'])))).toEqual(['municipal 0.01', 'district 0.00']);
  });

  it('refunds the whole receipt as exactly its parts', () => {
    expect(shown(splitRefund(yuan('100.01'), vat))).toEqual(['central 50.01', 'municipal 25.00', 'district 25.00']);
  });

  const receipts = fc
    .array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 4 })
    .filter((fens) => fens.some((fen) => fen > 0n))
    .map((fens) => fens.map((fen, i) => ({ level: FISCAL_LEVELS[i]!, amount: yuan((Number(fen) / 100).toFixed(2)) })));

  it('always sums to the refund, each share within a fen of its exact product and never beyond its part', () => {
    fc.assert(
      fc.property(receipts, fc.double({ min: 0, max: 1, noNaN: true }), (receipt, fraction) => {
        const total = sumAmounts(receipt.map((p) => p.amount));
        const refund = yuan(total.times(fraction).toFixed(2, 1));
        fc.pre(refund.isPositive() && !refund.isZero());
        const shares = splitRefund(refund, receipt);
        expect(sumAmounts(shares.map((s) => s.amount)).equals(refund)).toBe(true);
        shares.forEach((share, i) => {
          const exact = refund.times(receipt[i]!.amount).dividedBy(total);
          expect(share.amount.minus(exact).abs().lessThan(yuan('0.01'))).toBe(true);
          expect(share.amount.lessThanOrEqualTo(receipt[i]!.amount)).toBe(true);
        });
      }),
    );
  });

  it('over any sequence of partial refunds keeps every level within its part, and the last one empties them all', () => {
    fc.assert(
      fc.property(receipts, fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }), (receipt, fractions) => {
        const refunded: LevelAmount[] = [];
        for (const [index, fraction] of fractions.entries()) {
          const left = sumAmounts(remainingOf(receipt, refunded).map((p) => p.amount));
          if (left.isZero()) break;
          const last = index === fractions.length - 1;
          const amount = last ? left : yuan(left.times(fraction).toFixed(2, 1));
          if (amount.isZero()) continue;
          refunded.push(...splitRefund(amount, remainingOf(receipt, refunded)));
        }
        receipt.forEach((part) => {
          const back = sumAmounts(refunded.filter((r) => r.level === part.level).map((r) => r.amount));
          expect(back.equals(part.amount)).toBe(true);
        });
      }),
    );
  });
});

describe('assertWithinRemaining', () => {
  it('takes a refund of everything left', () => {
    expect(() => assertWithinRemaining(parts(['central', '45.01'], ['district', '22.50']), yuan('67.51'), yuan('100.01'))).not.toThrow();
  });

  it('refuses a refund beyond what the receipt has left (REFUND_EXCEEDS_RECEIPT)', () => {
    const refused = refusalOfCall(() => assertWithinRemaining(parts(['municipal', '25.00'], ['district', '25.00']), yuan('50.01'), yuan('100.01')));
    expect(refused).toMatchObject({ kind: 'failed_precondition', reason: 'REFUND_EXCEEDS_RECEIPT', details: { remaining: '50.00', receiptAmount: '100.01' } });
  });

  it('splits each line of a receipt a correction moved, keeping what names the line', () => {
    const moved = [
      { level: 'central' as const, amount: yuan('30.00'), revenueCode: '1010101' },
      { level: 'central' as const, amount: yuan('10.00'), revenueCode: '1010201' },
    ];
    expect(splitRefund(yuan('4.00'), moved).map((share) => `${share.revenueCode} ${formatAmount(share.amount)}`)).toEqual(['1010101 3.00', '1010201 1.00']);
  });
});
