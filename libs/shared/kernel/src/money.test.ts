import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import { fitsTheBooks, formatAmount, parseAmount, parsePositiveAmount, sumAmounts } from './money';

const reasonOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.reason : 'NOT_A_DOMAIN_ERROR';
  }
  return undefined;
};

/** Integer fen to canonical wire text, by integer arithmetic only. */
const fenToText = (fen: bigint): string => {
  const abs = fen < 0n ? -fen : fen;
  return `${fen < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
};

describe('parseAmount', () => {
  it.each(['1.005', 'abc', '-0', '-0.00', '1e3', '1E3', '', ' 1', '1.', '.5', '01', '+1', '1,000.00', '0x10', 'NaN', 'Infinity'])(
    'refuses malformed "%s"',
    (text) => expect(reasonOf(() => parseAmount(text))).toBe('MALFORMED_AMOUNT'),
  );

  it('refuses amounts the books cannot hold (NUMERIC(20,2): below 10^18) as AMOUNT_TOO_LARGE', () => {
    expect(reasonOf(() => parseAmount('1234567890123456789'))).toBe('AMOUNT_TOO_LARGE');
    expect(reasonOf(() => parseAmount('-1000000000000000000.00'))).toBe('AMOUNT_TOO_LARGE');
    expect(formatAmount(parseAmount('999999999999999999.99'))).toBe('999999999999999999.99');
    expect(formatAmount(parseAmount('-999999999999999999.99'))).toBe('-999999999999999999.99');
    expect(fitsTheBooks(parseAmount('999999999999999999.99'))).toBe(true);
    expect(fitsTheBooks(sumAmounts([parseAmount('999999999999999999.99'), parseAmount('0.01')]))).toBe(false);
  });

  it('quotes at most an excerpt of a huge amount', () => {
    for (const [text, reason] of [['1'.repeat(100_000), 'AMOUNT_TOO_LARGE'], ['x'.repeat(100_000), 'MALFORMED_AMOUNT']] as const) {
      let refusal: DomainError | undefined;
      try {
        parseAmount(text);
      } catch (error) {
        refusal = error as DomainError;
      }
      expect(refusal?.reason).toBe(reason);
      expect(refusal!.message.length).toBeLessThan(200);
    }
  });

  it('normalizes to two decimals', () => {
    expect(formatAmount(parseAmount('12'))).toBe('12.00');
    expect(formatAmount(parseAmount('12.3'))).toBe('12.30');
    expect(formatAmount(parseAmount('-0.01'))).toBe('-0.01');
  });

  it('positive amounts exclude zero and negatives', () => {
    expect(reasonOf(() => parsePositiveAmount('0'))).toBe('NON_POSITIVE_AMOUNT');
    expect(reasonOf(() => parsePositiveAmount('-5.00'))).toBe('NON_POSITIVE_AMOUNT');
    expect(formatAmount(parsePositiveAmount('0.01'))).toBe('0.01');
  });

  it('round-trips every fen amount exactly (format ∘ parse is the identity on canonical strings)', () => {
    const fen = fc.bigInt({ min: -(10n ** 20n) + 1n, max: 10n ** 20n - 1n });
    fc.assert(
      fc.property(fen, (value) => {
        const text = fenToText(value);
        expect(formatAmount(parseAmount(text))).toBe(text);
      }),
    );
  });

  it('sums of parsed amounts are exact, unlike floating point', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 50 }), (fens) => {
        const total = fens.reduce((acc, f) => acc.plus(parseAmount(fenToText(BigInt(f)))), parseAmount('0'));
        const expected = fens.reduce((acc, f) => acc + BigInt(f), 0n);
        expect(total.times(100).toFixed(0)).toBe(expected.toString());
      }),
    );
  });

  it('sums stay exact beyond 20 significant digits, so near-limit totals that differ by a fen never compare equal', () => {
    const debits = sumAmounts(['600000000000000000.00', '600000000000000000.00'].map((t) => parseAmount(t)));
    const credits = sumAmounts(['600000000000000000.00', '599999999999999999.99'].map((t) => parseAmount(t)));
    expect(debits.toFixed(2)).toBe('1200000000000000000.00');
    expect(credits.toFixed(2)).toBe('1199999999999999999.99');
    expect(debits.equals(credits)).toBe(false);
  });

  it('refuses any string with three or more decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.stringMatching(/^[0-9]{3,6}$/), (whole, fraction) => {
        expect(reasonOf(() => parseAmount(`${whole}.${fraction}`))).toBe('MALFORMED_AMOUNT');
      }),
    );
  });
});
