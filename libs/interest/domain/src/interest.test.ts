import fc from 'fast-check';
import { addDays, parseAmount } from '@jinku/kernel';
import { refusalOfCall } from '@jinku/kernel/testing';
import { BusinessCalendar } from '@jinku/ledger-domain';
import { describe, expect, it } from 'vitest';
import { accumulate } from './accumulation';
import { interestFor, rateInForce } from './interest';
import { periodEndingOn, postingDayFor, settlementDayOnOrAfter, settlementDaysOf } from './settlement';

const yuan = parseAmount;

describe('settlement days and periods (R47)', () => {
  it('settles on the 20th of March, June, September and December', () => {
    expect(settlementDaysOf(2026)).toEqual(['2026-03-20', '2026-06-20', '2026-09-20', '2026-12-20']);
    expect(settlementDayOnOrAfter('2026-11-22')).toBe('2026-12-20');
    expect(settlementDayOnOrAfter('2026-12-21')).toBe('2027-03-20');
    expect(settlementDayOnOrAfter('2026-12-20')).toBe('2026-12-20');
  });

  it('runs from the day after the previous settlement day through the settlement day', () => {
    // 21 Sep – 20 Dec 2026: 10 + 31 + 30 + 20 = 91 days; 21 Dec 2026 – 20 Mar 2027: 11 + 31 + 28 + 20 = 90 days.
    expect(periodEndingOn('2026-12-20')).toEqual({ from: '2026-09-21', to: '2026-12-20' });
    expect(periodEndingOn('2027-03-20')).toEqual({ from: '2026-12-21', to: '2027-03-20' });
    expect(refusalOfCall(() => periodEndingOn('2026-12-21'))).toMatchObject({ reason: 'NOT_A_SETTLEMENT_DAY' });
  });

  it('posts the next day, rolled past a holiday, and on a make-up working day', () => {
    // 20 Dec 2026 is a Sunday; with Monday 21 Dec a holiday the posting rolls to Tuesday 22 Dec.
    expect(postingDayFor('2026-12-20', new BusinessCalendar([{ date: '2026-12-21', kind: 'holiday' }]))).toBe('2026-12-22');
    // 20 Mar 2026 is a Friday; Saturday 21 Mar made a working day (调休) takes the posting.
    expect(postingDayFor('2026-03-20', new BusinessCalendar([{ date: '2026-03-21', kind: 'workday' }]))).toBe('2026-03-21');
    expect(postingDayFor('2026-03-20', new BusinessCalendar([], [2026]))).toBe('2026-03-23');
  });
});

describe('accumulation (计息积数, R48)', () => {
  const rows = [
    { date: '2026-11-18', closing: yuan('100.00') },
    { date: '2026-11-19', closing: yuan('200.00') },
    { date: '2026-11-20', closing: yuan('300.00') }, // Friday: stands for Saturday and Sunday too
    { date: '2026-11-23', closing: yuan('50.00') },
    { date: '2026-11-24', closing: yuan('10.00') },
  ];

  it('sums each calendar day’s end-of-day balance, carrying Friday over the weekend', () => {
    // 19th 200 + 20th 300 + 21st 300 + 22nd 300 + 23rd 50 + 24th 10 = 1,160.00
    expect(accumulate(rows, { from: '2026-11-19', to: '2026-11-24' }).toFixed(2)).toBe('1160.00');
  });

  it('starts a period that opens on a weekend from the last closed day before it', () => {
    // 21st 300 + 22nd 300 + 23rd 50 + 24th 10 = 660.00
    expect(accumulate(rows, { from: '2026-11-21', to: '2026-11-24' }).toFixed(2)).toBe('660.00');
  });

  it('refuses when no closed balance covers the first day', () => {
    expect(refusalOfCall(() => accumulate(rows, { from: '2026-11-17', to: '2026-11-24' }))).toMatchObject({ reason: 'BALANCE_MISSING' });
  });

  it('of a constant balance B over N days is B × N', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.integer({ min: 1, max: 120 }), (fen, days) => {
        const balance = yuan(`${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`);
        const from = '2026-09-21';
        const total = accumulate([{ date: '2026-09-18', closing: balance }], { from, to: addDays(from, days - 1) });
        expect(total.equals(balance.times(days))).toBe(true);
      }),
    );
  });
});

describe('interest = accumulation × rate ÷ 360, half-up to the fen', () => {
  it('computes a worked example', () => {
    // 91 days at 1,000,000.00: accumulation 91,000,000.00 × 0.0035 ÷ 360 = 884.7222… → 884.72
    expect(interestFor(yuan('91000000.00'), '0.0035').toFixed(2)).toBe('884.72');
  });

  it('rounds half up, not to even', () => {
    // 500.00 × 0.0036 ÷ 360 = 0.005 exactly → 0.01
    expect(interestFor(yuan('500.00'), '0.0036').toFixed(2)).toBe('0.01');
  });

  it('is always a whole number of fen', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 16n }), fc.integer({ min: 1, max: 99_999 }), (fen, rateMillionths) => {
        const accumulation = yuan(`${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`);
        const rate = `0.${rateMillionths.toString().padStart(8, '0')}`;
        expect(interestFor(accumulation, rate).decimalPlaces()).toBeLessThanOrEqual(2);
      }),
    );
  });

  it('uses the rate posted on the settlement day for the whole period (no splitting)', () => {
    const rates = [
      { effectiveFrom: '2025-01-01', annualRate: '0.0035' },
      { effectiveFrom: '2026-11-01', annualRate: '0.0030' }, // changed mid-period
    ];
    expect(rateInForce(rates, '2026-12-20').annualRate).toBe('0.0030');
    expect(rateInForce(rates, '2026-09-20').annualRate).toBe('0.0035');
    expect(refusalOfCall(() => rateInForce(rates, '2024-12-20'))).toMatchObject({ reason: 'NO_RATE' });
    expect(refusalOfCall(() => interestFor(yuan('1.00'), '1.5'))).toMatchObject({ reason: 'MALFORMED_RATE' });
  });
});
