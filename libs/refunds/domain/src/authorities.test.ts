import { refusalOfCall } from '@jinku/kernel/testing';
import { describe, expect, it } from 'vitest';
import { assertMayApprove, REFUND_AUTHORITIES, revenueLevelOf, type ApprovalCase } from './authorities';

const TAX = '14403000000';
const approval = (overrides: Partial<ApprovalCase>): ApprovalCase => ({
  authorityKind: 'mof_office',
  authorityCode: 'MOF-SZ',
  treasury: 'branch',
  revenueLevel: 'central',
  collectedBy: TAX,
  ...overrides,
});
const reasonOf = (overrides: Partial<ApprovalCase>) => refusalOfCall(() => assertMayApprove(approval(overrides)))?.reason ?? 'allowed';

describe('the approval authority matrix (R33(1), R33(7), R34(1)–(2))', () => {
  it('takes shared revenue at the branch from the Ministry’s office, and from tax for its own collections', () => {
    expect(reasonOf({})).toBe('allowed');
    expect(reasonOf({ authorityKind: 'tax_bureau', authorityCode: TAX })).toBe('allowed');
    expect(refusalOfCall(() => assertMayApprove(approval({ authorityKind: 'tax_bureau', authorityCode: '14403040000' })))).toMatchObject({
      reason: 'UNAUTHORIZED_APPROVER',
      details: { article: 'R33(1)' },
    });
  });

  it('refuses a finance bureau for central or shared revenue (R34(1)) and a lower bureau for an upper level’s (R34(2))', () => {
    expect(refusalOfCall(() => assertMayApprove(approval({ authorityKind: 'municipal_finance_bureau' })))).toMatchObject({
      reason: 'UNAUTHORIZED_APPROVER',
      details: { article: 'R34(1)' },
    });
    expect(refusalOfCall(() => assertMayApprove(approval({ authorityKind: 'district_finance_bureau', treasury: 'sub_treasury', revenueLevel: 'municipal' })))).toMatchObject({
      reason: 'UNAUTHORIZED_APPROVER',
      details: { article: 'R34(2)' },
    });
    expect(reasonOf({ authorityKind: 'municipal_finance_bureau', revenueLevel: 'municipal' })).toBe('allowed');
    expect(reasonOf({ authorityKind: 'district_finance_bureau', treasury: 'sub_treasury', revenueLevel: 'district' })).toBe('allowed');
  });

  it('sends each approval to the treasury that takes it (R33(7))', () => {
    expect(reasonOf({ treasury: 'sub_treasury', revenueLevel: 'district' })).toBe('AUTHORITY_NOT_TAKEN_HERE');
    expect(reasonOf({ authorityKind: 'district_finance_bureau', revenueLevel: 'district' })).toBe('AUTHORITY_NOT_TAKEN_HERE');
  });

  it('takes export refunds by plan only from the tax authority (R33(4))', () => {
    expect(reasonOf({ authorityKind: 'tax_bureau', collectedBy: null })).toBe('allowed');
    expect(reasonOf({ collectedBy: null })).toBe('UNAUTHORIZED_APPROVER');
  });

  it('knows no other approvers, and no cell for provincial revenue in Shenzhen', () => {
    expect(reasonOf({ authorityKind: 'budget_unit' })).toBe('UNAUTHORIZED_APPROVER');
    expect(REFUND_AUTHORITIES.some((cell) => cell.revenueLevel === 'provincial')).toBe(false);
  });

  it('reads a receipt’s revenue level from the highest level its parts reach', () => {
    expect(revenueLevelOf(['district', 'central', 'municipal'])).toBe('central');
    expect(revenueLevelOf(['district', 'municipal'])).toBe('municipal');
  });
});
