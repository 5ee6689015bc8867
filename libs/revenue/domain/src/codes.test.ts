import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { formatAmount, parseAmount, sumAmounts } from '@jinku/kernel';
import { refusalOfCall } from '@jinku/kernel/testing';
import { describe, expect, it } from 'vitest';
import { rollUp } from './codes';

const yuan = parseAmount;
const shown = (totals: ReturnType<typeof rollUp>) => totals.map((total) => `${total.code} ${formatAmount(total.amount)}`);

describe('rollUp (类/款/项/目)', () => {
  it('totals each code and its 3-, 5- and 7-digit prefixes, sorted by code as a string', () => {
    const totals = rollUp([
      { code: '101010101', amount: yuan('100.00') },
      { code: '101010102', amount: yuan('0.10') },
      { code: '10104', amount: yuan('30.00') },
      { code: '1030401', amount: yuan('5.55') },
      { code: '101010101', amount: yuan('1.00') },
    ]);
    expect(shown(totals)).toEqual([
      '101 131.10',
      '10101 101.10',
      '1010101 101.10',
      '101010101 101.00',
      '101010102 0.10',
      '10104 30.00',
      '103 5.55',
      '10304 5.55',
      '1030401 5.55',
    ]);
  });

  it('adds a line of a summary code to its own total and its prefixes', () => {
    expect(shown(rollUp([{ code: '10101', amount: yuan('2.00') }, { code: '1010101', amount: yuan('3.00') }, { code: '101', amount: yuan('-1.00') }]))).toEqual([
      '101 4.00',
      '10101 5.00',
      '1010101 3.00',
    ]);
    expect(rollUp([])).toEqual([]);
  });

  it('sums exactly, beyond decimal.js’s default 20 digits', () => {
    const totals = rollUp([
      { code: '101010101', amount: yuan('999999999999999999.99') },
      { code: '101010102', amount: yuan('0.01') },
      { code: '10104', amount: yuan('0.10') },
      { code: '10104', amount: yuan('0.20') },
    ]);
    expect(shown(totals)[0]).toBe('101 1000000000000000000.30');
    expect(shown(totals)).toContain('10104 0.30');
  });

  it('refuses codes that are not 3–9 digits and amounts not in fen', () => {
    expect(refusalOfCall(() => rollUp([{ code: '10', amount: yuan('1.00') }]))).toMatchObject({ kind: 'invalid_argument', reason: 'MALFORMED_REVENUE_CODE' });
    expect(refusalOfCall(() => rollUp([{ code: '1010101010', amount: yuan('1.00') }]))).toMatchObject({ reason: 'MALFORMED_REVENUE_CODE' });
    expect(refusalOfCall(() => rollUp([{ code: '101', amount: new Decimal('1.005') }]))).toMatchObject({ reason: 'MALFORMED_AMOUNT' });
    expect(refusalOfCall(() => rollUp([{ code: '101', amount: new Decimal(NaN) }]))).toMatchObject({ reason: 'MALFORMED_AMOUNT' });
  });

  it('has 3-digit totals that sum to the grand total, one total per code, in order', () => {
    // A two-letter alphabet makes codes share prefixes often; lengths 3–9 include the summary levels.
    const codes = fc.array(fc.constantFrom('1', '2'), { minLength: 3, maxLength: 9 }).map((digits) => digits.join(''));
    const amounts = fc.bigInt({ min: -100_000_000_000_000n, max: 100_000_000_000_000n }).map((fen) => new Decimal(fen.toString()).dividedBy(100));
    fc.assert(
      fc.property(fc.array(fc.record({ code: codes, amount: amounts }), { maxLength: 40 }), (lines) => {
        const totals = rollUp(lines);
        const classes = totals.filter((total) => total.code.length === 3);
        expect(formatAmount(sumAmounts(classes.map((total) => total.amount)))).toBe(formatAmount(sumAmounts(lines.map((line) => line.amount))));
        const order = totals.map((total) => total.code);
        expect(order).toEqual([...new Set(order)].sort());
        for (const line of lines) expect(order).toContain(line.code);
      }),
      { numRuns: 1_000 },
    );
  });
});
