import { Decimal } from 'decimal.js';
import { addDays, formatAmount, parseAmount } from '@jinku/kernel';
import { refusalOfCall } from '@jinku/kernel/testing';
import { describe, expect, it } from 'vitest';
import { divide } from './division';
import { demoSharingRules } from './demo-sharing';
import { BUDGET_LEVEL_DESIGNATIONS, parseSharingRule, ruleInForce, sharesFor, type SharingRule } from './sharing';

const TODAY = '2026-11-20';
const TOMORROW = addDays(TODAY, 1);
const FUTIAN = '440304';
const LONGGANG = '440307';

const rule = (revenueCode: string, region: string, effectiveFrom: string, central: string): SharingRule =>
  parseSharingRule({
    revenueCode,
    region,
    effectiveFrom,
    shares: [
      { level: 'central', percent: central },
      { level: 'district', percent: new Decimal(100).minus(central).toString() },
    ],
  });
const centralOf = (found: SharingRule | undefined) => found?.shares.find((share) => share.level === 'central')?.percent.toString();
const shown = (shares: ReturnType<typeof sharesFor>) => shares.map((share) => `${share.level} ${share.percent.toString()}`);

describe('parseSharingRule', () => {
  it('reads an entered rule: no region for "", shares in level order as decimals', () => {
    const parsed = parseSharingRule({
      revenueCode: '1010101',
      region: '',
      effectiveFrom: '2026-01-01',
      shares: [
        { level: 'district', percent: '33.3334' },
        { level: 'central', percent: '33.3333' },
        { level: 'municipal', percent: '33.3333' },
      ],
    });
    expect(parsed.region).toBeNull();
    expect(parsed.shares.map((share) => `${share.level} ${share.percent.toString()}`)).toEqual(['central 33.3333', 'municipal 33.3333', 'district 33.3334']);
    expect(parseSharingRule({ revenueCode: '101', region: FUTIAN, effectiveFrom: '2026-01-01', shares: [{ level: 'district', percent: '100' }] }).region).toBe(
      FUTIAN,
    );
  });

  it('refuses malformed codes, regions, dates and shares', () => {
    const valid = { revenueCode: '10104', region: '', effectiveFrom: '2026-01-01', shares: [{ level: 'central', percent: '100' }] };
    const reason = (change: Partial<typeof valid>) => refusalOfCall(() => parseSharingRule({ ...valid, ...change }))?.reason;
    expect(reason({})).toBeUndefined();
    expect(reason({ revenueCode: '10' })).toBe('MALFORMED_REVENUE_CODE');
    expect(reason({ revenueCode: '1010101011' })).toBe('MALFORMED_REVENUE_CODE');
    expect(reason({ revenueCode: '101a4' })).toBe('MALFORMED_REVENUE_CODE');
    expect(reason({ region: '4403' })).toBe('MALFORMED_REGION');
    expect(reason({ region: ' 440304' })).toBe('MALFORMED_REGION');
    expect(reason({ effectiveFrom: '2026-02-30' })).toBe('MALFORMED_DATE');
    expect(reason({ shares: [{ level: 'county', percent: '100' }] })).toBe('MALFORMED_SHARE');
    for (const percent of ['1e2', '+100', '100.', '0100', '33.33333', ' 100', '0', '0.0000']) {
      expect(reason({ shares: [{ level: 'central', percent }] }), percent).toBe('MALFORMED_SHARE');
    }
    expect(
      reason({
        shares: [
          { level: 'central', percent: '50' },
          { level: 'central', percent: '50' },
        ],
      }),
    ).toBe('LEVEL_TWICE');
    expect(
      reason({
        shares: [
          { level: 'central', percent: '50' },
          { level: 'district', percent: '40' },
        ],
      }),
    ).toBe('SHARES_NOT_100');
    expect(reason({ shares: [] })).toBe('SHARES_NOT_100');
  });
});

describe('ruleInForce: dates', () => {
  it('applies a rule from its effective date on, not before: a rule effective tomorrow does not apply today', () => {
    const rules = [rule('10101', '', TOMORROW, '50')];
    expect(ruleInForce(rules, '1010101', FUTIAN, TODAY)).toBeUndefined();
    expect(centralOf(ruleInForce(rules, '1010101', FUTIAN, TOMORROW))).toBe('50');
  });

  it('takes the latest version effective on the date', () => {
    const rules = [rule('10101', '', '2016-05-01', '50'), rule('10101', '', '1994-01-01', '75'), rule('10101', '', TOMORROW, '40')];
    expect(centralOf(ruleInForce(rules, '1010101', FUTIAN, '2015-12-31'))).toBe('75');
    expect(centralOf(ruleInForce(rules, '1010101', FUTIAN, TODAY))).toBe('50');
    expect(centralOf(ruleInForce(rules, '1010101', FUTIAN, TOMORROW))).toBe('40');
  });

  it('of two rules for the same code, region and date takes the later in the list', () => {
    const rules = [rule('10101', '', '2026-01-01', '50'), rule('10101', '', '2026-01-01', '60')];
    expect(centralOf(ruleInForce(rules, '10101', FUTIAN, TODAY))).toBe('60');
    expect(centralOf(ruleInForce([...rules].reverse(), '10101', FUTIAN, TODAY))).toBe('50');
  });
});

describe('ruleInForce: fallback order', () => {
  it('matches a rule by code prefix only: its own code or a sub-code, never a sibling or a parent', () => {
    const rules = [rule('10104', '', '2026-01-01', '60')];
    expect(ruleInForce(rules, '10104', FUTIAN, TODAY)).toBeDefined();
    expect(ruleInForce(rules, '101040101', FUTIAN, TODAY)).toBeDefined();
    expect(ruleInForce(rules, '10106', FUTIAN, TODAY)).toBeUndefined();
    expect(ruleInForce(rules, '101', FUTIAN, TODAY)).toBeUndefined();
  });

  it('prefers the longest code prefix', () => {
    const rules = [rule('101', '', '2026-01-01', '10'), rule('1010101', '', '2026-01-01', '50'), rule('10101', '', '2026-01-01', '30')];
    expect(centralOf(ruleInForce(rules, '101010101', FUTIAN, TODAY))).toBe('50');
    expect(centralOf(ruleInForce(rules, '1010102', FUTIAN, TODAY))).toBe('30');
    expect(centralOf(ruleInForce(rules, '10104', FUTIAN, TODAY))).toBe('10');
  });

  it('prefers a region-specific rule over a code-only one of the same prefix length, for that region only', () => {
    const rules = [rule('10101', FUTIAN, '2026-01-01', '70'), rule('10101', '', '2026-01-01', '50')];
    expect(centralOf(ruleInForce(rules, '1010101', FUTIAN, TODAY))).toBe('70');
    expect(centralOf(ruleInForce(rules, '1010101', LONGGANG, TODAY))).toBe('50');
    expect(ruleInForce([rule('10101', FUTIAN, '2026-01-01', '70')], '1010101', LONGGANG, TODAY)).toBeUndefined();
  });

  it('prefers a region rule even when the code-only one is newer', () => {
    const rules = [rule('10101', FUTIAN, '2020-01-01', '70'), rule('10101', '', '2026-01-01', '50')];
    expect(centralOf(ruleInForce(rules, '1010101', FUTIAN, TODAY))).toBe('70');
  });

  it('prefers a longer prefix over a region match of a shorter prefix (the code comes first)', () => {
    // Futian's rule for the whole class 101 does not override the explicit VAT item rule (see ruleInForce).
    const rules = [rule('101', FUTIAN, '2026-01-01', '10'), rule('1010101', '', '2026-01-01', '50')];
    expect(centralOf(ruleInForce(rules, '1010101', FUTIAN, TODAY))).toBe('50');
    expect(centralOf(ruleInForce(rules, '10104', FUTIAN, TODAY))).toBe('10');
  });

  it('never lets a newer broader rule end an older more specific one', () => {
    const rules = [rule('1010101', '', '2016-05-01', '50'), rule('101', '', '2026-01-01', '20')];
    expect(centralOf(ruleInForce(rules, '1010101', FUTIAN, TODAY))).toBe('50');
  });
});

describe('sharesFor (预算级次)', () => {
  const receipt = { revenueCode: '10105', region: FUTIAN, date: TODAY };

  it('knows shared and the four levels', () => {
    expect(BUDGET_LEVEL_DESIGNATIONS).toEqual(['shared', 'central', 'provincial', 'municipal', 'district']);
  });

  it('gives a single-level receipt wholly to that level, with no rule needed', () => {
    expect(shown(sharesFor('district', undefined, receipt))).toEqual(['district 100']);
    expect(shown(sharesFor('central', rule('10105', '', '2026-01-01', '50'), receipt))).toEqual(['central 100']);
  });

  it('divides a shared receipt by the rule in force', () => {
    expect(shown(sharesFor('shared', rule('10105', '', '2026-01-01', '75'), receipt))).toEqual(['central 75', 'district 25']);
  });

  it('refuses a shared receipt without a rule, naming code, region and date', () => {
    const refusal = refusalOfCall(() => sharesFor('shared', undefined, receipt));
    expect(refusal).toMatchObject({
      kind: 'failed_precondition',
      reason: 'NO_SHARING_RULE',
      details: { revenueCode: '10105', region: FUTIAN, date: TODAY },
    });
    expect(refusal?.message).toContain('10105');
    expect(refusal?.message).toContain(FUTIAN);
    expect(refusal?.message).toContain(TODAY);
  });

  it('refuses an unknown designation', () => {
    expect(refusalOfCall(() => sharesFor('county' as 'shared', undefined, receipt))).toMatchObject({ reason: 'MALFORMED_BUDGET_LEVEL' });
  });
});

describe('demoSharingRules (Shenzhen)', () => {
  const rules = demoSharingRules('2026-01-01');
  const divided = (code: string, amount: string) => {
    const shares = sharesFor('shared', ruleInForce(rules, code, FUTIAN, TODAY), { revenueCode: code, region: FUTIAN, date: TODAY });
    return divide(parseAmount(amount), shares).map((part) => `${part.level} ${formatAmount(part.amount)}`);
  };

  it('are valid rules with the central shares of the State Council documents and no provincial share', () => {
    const centralShares = Object.fromEntries(rules.map((r) => [r.revenueCode, centralOf(r) ?? '0']));
    expect(centralShares).toEqual({ '1010101': '50', '10104': '60', '10106': '60', '10109': '0', '10304': '0' });
    expect(rules.every((r) => r.region === null && r.effectiveFrom === '2026-01-01')).toBe(true);
    expect(rules.flatMap((r) => r.shares).some((share) => share.level === 'provincial')).toBe(false);
  });

  it('divide receipts of their codes and sub-codes', () => {
    // 国内增值税 目 101010101: 1,000.01 → central 500.005, city 250.0025, district 250.0025: the fen to the central part.
    expect(divided('101010101', '1000.01')).toEqual(['central 500.01', 'municipal 250.00', 'district 250.00']);
    expect(divided('1010601', '100.00')).toEqual(['central 60.00', 'municipal 20.00', 'district 20.00']);
    expect(divided('10109', '0.01')).toEqual(['municipal 0.01', 'district 0.00']);
    expect(divided('1030401', '12.34')).toEqual(['district 12.34']);
  });

  it('leave other codes without a rule', () => {
    expect(refusalOfCall(() => divided('10105', '1.00'))).toMatchObject({ reason: 'NO_SHARING_RULE' });
  });
});
