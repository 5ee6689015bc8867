import { parseAmount } from '@jinku/kernel';
import { refusalOfCall } from '@jinku/kernel/testing';
import { BusinessCalendar } from '@jinku/ledger-domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { releaseDeadline } from './deadline';
import { assertWithinLimit, keysFor } from './limits';
import { monitoringHitsOf, rulesInForce, type MonitoringRule } from './monitoring';

describe('keysFor (a payment draws on the most specific plan or quota there is)', () => {
  it('goes from the 项 with its economic code out to the 类 with any', () => {
    const keys = keysFor('2010605', '30201').map((k) => `${k.functionCode}/${k.economicCode}`);
    expect(keys.slice(0, 4)).toEqual(['2010605/30201', '2010605/302', '2010605/', '20106/30201']);
    expect(keys.at(-1)).toBe('201/');
  });

  it('always ends with the class and any economic code, each key once', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^2[0-9]{6}$/), fc.stringMatching(/^3[0-9]{4}$/), (f, e) => {
        const keys = keysFor(f, e).map((k) => `${k.functionCode}/${k.economicCode}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys.at(-1)).toBe(`${f.slice(0, 3)}/`);
      }),
    );
  });
});

describe('assertWithinLimit (no budget, no payment; no overspending)', () => {
  const key = { functionCode: '201', economicCode: '' };
  it('lets a payment use exactly what is left, not a fen more', () => {
    expect(() => assertWithinLimit('plan', key, parseAmount('100.00'), parseAmount('40.00'), parseAmount('60.00'))).not.toThrow();
    expect(refusalOfCall(() => assertWithinLimit('plan', key, parseAmount('100.00'), parseAmount('40.00'), parseAmount('60.01')))).toMatchObject({ reason: 'OVER_PLAN', details: { left: '60.00' } });
    expect(refusalOfCall(() => assertWithinLimit('quota', undefined, undefined, parseAmount('0'), parseAmount('1.00')))?.reason).toBe('NO_QUOTA');
  });
});

describe('monitoring rules', () => {
  const rule = (kind: MonitoringRule['kind'], value: string, effectiveFrom: string, active = true): MonitoringRule => ({ kind, value, active, effectiveFrom });
  it('takes the latest version in force, and none switched off', () => {
    const recorded = [rule('amount_above', '100.00', '2026-01-01'), rule('payee_name_contains', '现金', '2026-01-01'), rule('payee_name_contains', '现金', '2026-06-01', false)];
    expect(rulesInForce(recorded, '2026-05-31').map((r) => r.kind)).toEqual(['amount_above', 'payee_name_contains']);
    expect(rulesInForce(recorded, '2026-06-01').map((r) => r.kind)).toEqual(['amount_above']);
  });

  it('says which rules a payment hits', () => {
    const rules = [rule('amount_above', '100.00', '2026-01-01'), rule('payee_account', '6222', '2026-01-01')];
    expect(monitoringHitsOf({ payeeName: 'x', payeeAccount: '6222', amount: parseAmount('100.00') }, rules).map((h) => h.kind)).toEqual(['payee_account']);
    expect(monitoringHitsOf({ payeeName: 'x', payeeAccount: '1', amount: parseAmount('100.01') }, rules).map((h) => h.kind)).toEqual(['amount_above']);
  });
});

describe('releaseDeadline (R36)', () => {
  const calendar = new BusinessCalendar([{ date: '2026-10-01', kind: 'holiday' }], [2026]);
  it('is the next business day; received on a closed day, it counts from the next open one', () => {
    expect(releaseDeadline(calendar, '2026-11-20')).toBe('2026-11-23'); // Friday → Monday
    expect(releaseDeadline(calendar, '2026-11-21')).toBe('2026-11-24'); // Saturday: received Monday, due Tuesday
    expect(releaseDeadline(calendar, '2026-09-30')).toBe('2026-10-02');
  });
});
