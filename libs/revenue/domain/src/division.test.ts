import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { formatAmount, parseAmount, sumAmounts, type Amount } from '@jinku/kernel';
import { refusalOfCall } from '@jinku/kernel/testing';
import { FISCAL_LEVELS, type FiscalLevel } from '@jinku/ledger-domain';
import { describe, expect, it } from 'vitest';
import { divide, type Share, type SharePart } from './division';

const yuan = parseAmount;
const share = (level: FiscalLevel, percent: string): Share => ({ level, percent: new Decimal(percent) });
const shown = (parts: readonly SharePart[]) => parts.map((part) => `${part.level} ${formatAmount(part.amount)}`);

describe('divide (R31 体制分成)', () => {
  it('splits by the ratios when they come out to the fen', () => {
    expect(shown(divide(yuan('100.00'), [share('central', '50'), share('municipal', '25'), share('district', '25')]))).toEqual([
      'central 50.00',
      'municipal 25.00',
      'district 25.00',
    ]);
  });

  it('gives the leftover fen to the largest discarded fraction', () => {
    // 100.00 × 33.3333% = 33.33333 (discarded 0.333 fen), × 33.3334% = 33.3334 (discarded 0.34 fen): the district takes the fen.
    expect(shown(divide(yuan('100.00'), [share('central', '33.3333'), share('municipal', '33.3333'), share('district', '33.3334')]))).toEqual([
      'central 33.33',
      'municipal 33.33',
      'district 33.34',
    ]);
    // 0.03 × 33.3333% = 0.999999 fen twice, × 33.3334% = 1.000002 fen: the two near-whole fractions take the two fens.
    expect(shown(divide(yuan('0.03'), [share('central', '33.3333'), share('municipal', '33.3333'), share('district', '33.3334')]))).toEqual([
      'central 0.01',
      'municipal 0.01',
      'district 0.01',
    ]);
  });

  it('breaks equal fractions by level from the top, whatever order the shares come in', () => {
    expect(shown(divide(yuan('0.01'), [share('district', '50'), share('municipal', '50')]))).toEqual(['municipal 0.01', 'district 0.00']);
    const quarters = [share('district', '25'), share('municipal', '25'), share('provincial', '25'), share('central', '25')];
    expect(shown(divide(yuan('0.02'), quarters))).toEqual(['central 0.01', 'provincial 0.01', 'municipal 0.00', 'district 0.00']);
    expect(shown(divide(yuan('0.03'), quarters))).toEqual(['central 0.01', 'provincial 0.01', 'municipal 0.01', 'district 0.00']);
  });

  it('returns a share whose part is 0.00, in level order', () => {
    // 0.01: central 0.5 fen, municipal 0.25, district 0.25 → the fen goes to the central part.
    expect(shown(divide(yuan('0.01'), [share('district', '25'), share('central', '50'), share('municipal', '25')]))).toEqual([
      'central 0.01',
      'municipal 0.00',
      'district 0.00',
    ]);
  });

  it('stays exact near the books’ limit of 10^18 yuan', () => {
    // 99,999,999,999,999,999,999 fen × 60% = …999.4, × 20% = …999.8 twice: the two fens go to the 20% parts.
    expect(shown(divide(yuan('999999999999999999.99'), [share('central', '60'), share('municipal', '20'), share('district', '20')]))).toEqual([
      'central 599999999999999999.99',
      'municipal 200000000000000000.00',
      'district 200000000000000000.00',
    ]);
  });

  it('refuses amounts that are not positive fen amounts the books can hold', () => {
    const half = [share('central', '50'), share('district', '50')];
    expect(refusalOfCall(() => divide(yuan('0.00'), half))).toMatchObject({ kind: 'invalid_argument', reason: 'NON_POSITIVE_AMOUNT' });
    expect(refusalOfCall(() => divide(yuan('-1.00'), half))).toMatchObject({ reason: 'NON_POSITIVE_AMOUNT' });
    expect(refusalOfCall(() => divide(new Decimal('1.005'), half))).toMatchObject({ reason: 'MALFORMED_AMOUNT' });
    expect(refusalOfCall(() => divide(new Decimal(NaN), half))).toMatchObject({ reason: 'MALFORMED_AMOUNT' });
    expect(refusalOfCall(() => divide(new Decimal(Infinity), half))).toMatchObject({ reason: 'MALFORMED_AMOUNT' });
    expect(refusalOfCall(() => divide(new Decimal('1e18'), half))).toMatchObject({ reason: 'AMOUNT_TOO_LARGE' });
  });

  it('refuses share sets that are not one positive share per level summing to 100', () => {
    const amount = yuan('10.00');
    expect(refusalOfCall(() => divide(amount, [share('central', '50'), share('district', '49.9999')]))).toMatchObject({
      kind: 'invalid_argument',
      reason: 'SHARES_NOT_100',
    });
    expect(refusalOfCall(() => divide(amount, [share('central', '60'), share('district', '50')]))).toMatchObject({ reason: 'SHARES_NOT_100' });
    expect(refusalOfCall(() => divide(amount, []))).toMatchObject({ reason: 'SHARES_NOT_100' });
    expect(refusalOfCall(() => divide(amount, [share('central', '50'), share('central', '50')]))).toMatchObject({
      reason: 'LEVEL_TWICE',
      details: { level: 'central' },
    });
    expect(refusalOfCall(() => divide(amount, [share('central', '100'), share('district', '0')]))).toMatchObject({ reason: 'MALFORMED_SHARE' });
    expect(refusalOfCall(() => divide(amount, [share('central', '110'), share('district', '-10')]))).toMatchObject({ reason: 'MALFORMED_SHARE' });
    expect(refusalOfCall(() => divide(amount, [share('central', '33.33333'), share('district', '66.66667')]))).toMatchObject({
      reason: 'MALFORMED_SHARE',
    });
    expect(refusalOfCall(() => divide(amount, [{ level: 'county' as FiscalLevel, percent: new Decimal(100) }]))).toMatchObject({ reason: 'MALFORMED_SHARE' });
  });
});

/** Exact reference arithmetic for the properties: wide enough that nothing here is ever rounded. */
const Exact = Decimal.clone({ precision: 60 });

/** Amounts from 0.01 to 10^12 yuan, in fen, with small ones often (where the leftover fens matter most). */
const amounts: fc.Arbitrary<Amount> = fc
  .oneof(fc.bigInt({ min: 1n, max: 1_000n }), fc.bigInt({ min: 1n, max: 100_000_000_000_000n }))
  .map((fen) => new Decimal(fen.toString()).dividedBy(100));

/**
 * 1–4 distinct levels in a random order, with percents in steps of `1 / perPercent` summing to 100: the
 * cut points of 100 × perPercent steps, distinct so that every share is positive.
 */
const shareSetsIn = (perPercent: number): fc.Arbitrary<Share[]> => {
  const steps = 100 * perPercent;
  return fc.shuffledSubarray([...FISCAL_LEVELS], { minLength: 1 }).chain((levels) =>
    fc
      .uniqueArray(fc.integer({ min: 1, max: steps - 1 }), { minLength: levels.length - 1, maxLength: levels.length - 1 })
      .map((cuts) => {
        const points = [0, ...cuts.sort((a, b) => (a < b ? -1 : 1)), steps];
        return levels.map((level, i) => ({ level, percent: new Decimal(points[i + 1]!).minus(points[i]!).dividedBy(perPercent) }));
      }),
  );
};
const shareSets = fc.oneof(shareSetsIn(1), shareSetsIn(100), shareSetsIn(10_000));

describe('divide, for any amount and share set', () => {
  it('sums exactly to the amount', () => {
    fc.assert(
      fc.property(amounts, shareSets, (amount, shares) => {
        const parts = divide(amount, shares);
        expect(parts).toHaveLength(shares.length);
        expect(formatAmount(sumAmounts(parts.map((part) => part.amount)))).toBe(formatAmount(amount));
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps each part within one fen of its exact product, never negative, to the fen', () => {
    const fen = new Exact('0.01');
    fc.assert(
      fc.property(amounts, shareSets, (amount, shares) => {
        const parts = divide(amount, shares);
        for (const { level, percent } of shares) {
          const part = parts.find((p) => p.level === level)!;
          const exact = new Exact(amount).times(percent).dividedBy(100);
          expect(new Exact(part.amount).minus(exact).abs().lessThan(fen)).toBe(true);
          expect(part.amount.isNegative()).toBe(false);
          expect(part.amount.decimalPlaces()).toBeLessThanOrEqual(2);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('is deterministic and independent of the order the shares are given in', () => {
    fc.assert(
      fc.property(amounts, shareSets, (amount, shares) => {
        const first = shown(divide(amount, shares));
        expect(shown(divide(amount, shares))).toEqual(first);
        expect(shown(divide(amount, [...shares].reverse()))).toEqual(first);
        const byLevel = [...shares].sort((a, b) => FISCAL_LEVELS.indexOf(a.level) - FISCAL_LEVELS.indexOf(b.level));
        expect(shown(divide(amount, byLevel))).toEqual(first);
        // Parts come back in level order from the top.
        expect(first.map((line) => line.split(' ')[0])).toEqual(byLevel.map((s) => s.level));
      }),
      { numRuns: 1_000 },
    );
  });
});
