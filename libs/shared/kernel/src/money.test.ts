import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import { formatAmount, parseAmount, parsePositiveAmount } from './money';

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

  it('refuses more than 18 integer digits', () => {
    expect(reasonOf(() => parseAmount('1234567890123456789'))).toBe('MALFORMED_AMOUNT');
    expect(formatAmount(parseAmount('123456789012345678.99'))).toBe('123456789012345678.99');
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

  it('refuses any string with three or more decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.stringMatching(/^[0-9]{3,6}$/), (whole, fraction) => {
        expect(reasonOf(() => parseAmount(`${whole}.${fraction}`))).toBe('MALFORMED_AMOUNT');
      }),
    );
  });
});
