import { refusalOfCall } from '@jinku/kernel/testing';
import { describe, expect, it } from 'vitest';
import { checkCorrectionNotice, type CorrectionNotice } from './correction-notice';
import { assertMayRequest, assertPriorYearDocuments } from './requesters';

const TODAY = '2026-11-23';
const item = { authorityCode: 'TAX-SZ', messageId: 'M1', fromRevenueCode: '1010101', amount: '100.00', revenueCode: '1010401', designation: 'shared', region: '' };
const notice = (overrides: Partial<CorrectionNotice> = {}): CorrectionNotice => ({
  kind: 'correction',
  origin: 'counterparty',
  authorityCode: 'TAX-SZ',
  authorityKind: 'tax_bureau',
  noticeNumber: 'GZ-2026-001',
  noticeDate: TODAY,
  reason: '科目错误',
  requestForm: 'written',
  documents: [{ kind: 'basis', reference: '深税函〔2026〕1号' }],
  items: [item],
  copyTotals: ['100.00'],
  ...overrides,
});
const reasonOf = (overrides: Partial<CorrectionNotice>) => refusalOfCall(() => checkCorrectionNotice(notice(overrides), TODAY))?.reason;

describe('checkCorrectionNotice (R41, R43, R45)', () => {
  it('passes a written notice with its documents, totalling its items', () => {
    expect(checkCorrectionNotice(notice(), TODAY)).toMatchObject({ kind: 'correction', origin: 'counterparty', noticeDate: TODAY });
  });

  it.each([
    ['VERBAL_REQUEST', { requestForm: 'telephone' }, 'R45(5)'],
    ['NO_PROPER_REASON', { reason: ' ' }, 'R45(4)'],
    ['MISSING_DOCUMENTS', { documents: [] }, 'R45(1)'],
    ['MISSING_DOCUMENTS', { noticeNumber: '' }, 'R45(1)'],
    ['SUMMARY_WITHOUT_BASIS', { items: [item, { ...item, messageId: 'M2' }], documents: [{ kind: 'audit_report', reference: 'A' }], copyTotals: [] }, 'R41'],
    ['SUMMARY_WITHOUT_BASIS', { origin: 'treasury', items: [item, { ...item, messageId: 'M2' }], copyTotals: [] }, 'R41'],
    ['BAD_VOUCHER_ELEMENTS', { items: [{ ...item, amount: '1.001' }] }, 'R45(7)'],
    ['BAD_VOUCHER_ELEMENTS', { items: [{ ...item, designation: 'county' }] }, 'R45(7)'],
    ['BAD_VOUCHER_ELEMENTS', { noticeDate: '2026-11-24' }, 'R45(7)'],
    ['BAD_VOUCHER_ELEMENTS', { items: [item, item], copyTotals: [] }, 'R45(7)'],
    ['COPIES_DISAGREE', { copyTotals: ['100.00', '10.00'] }, 'R45(8)'],
    ['UNAUTHORIZED_REQUESTER', { kind: 'reallocation', origin: 'treasury' }, 'R43'],
  ] as const)('refuses %s (%s, %s)', (reason, overrides, _article) => {
    expect(reasonOf(overrides as Partial<CorrectionNotice>)).toBe(reason);
  });
});

describe('assertMayRequest (R40, R45(2)–(3))', () => {
  const request = { authorityKind: 'tax_bureau', authorityCode: 'TAX-SZ', revenueLevel: 'central' as const, collectedBy: ['TAX-SZ'] };
  it.each([
    [{ authorityKind: 'municipal_finance_bureau' }, 'NOT_AUTHORIZED_FOR_CENTRAL'],
    [{ authorityKind: 'district_finance_bureau', revenueLevel: 'municipal' as const }, 'NOT_AUTHORIZED_FOR_UPPER_LEVEL'],
    [{ collectedBy: ['TAX-SZ', 'CUSTOMS-SZ'] }, 'NOT_WHOSE_ERROR'],
    [{ authorityKind: 'bank' }, 'NOT_AUTHORIZED_FOR_CENTRAL'],
  ])('refuses %o with %s', (overrides, reason) => {
    expect(refusalOfCall(() => assertMayRequest({ ...request, ...overrides }))?.reason).toBe(reason);
  });

  it('lets the finance bureau correct its own level and those below, the Ministry’s office central revenue of any collector', () => {
    expect(() => assertMayRequest({ ...request, authorityKind: 'municipal_finance_bureau', revenueLevel: 'district', collectedBy: ['X'] })).not.toThrow();
    expect(() => assertMayRequest({ ...request, authorityKind: 'mof_office', collectedBy: ['X'] })).not.toThrow();
  });
});

describe('assertPriorYearDocuments (R44)', () => {
  it('asks the Ministry’s office letter and the inspection report for central revenue, the audit documents and the finance opinion for local', () => {
    expect(refusalOfCall(() => assertPriorYearDocuments('central', [{ kind: 'mof_office_letter', reference: 'L' }]))).toMatchObject({
      reason: 'PRIOR_YEAR_DOCUMENTS_MISSING',
      details: { missing: 'inspection_report' },
    });
    expect(refusalOfCall(() => assertPriorYearDocuments('district', [{ kind: 'audit_report', reference: 'R' }]))?.details['missing']).toBe('audit_office_letter,finance_opinion');
    expect(() => assertPriorYearDocuments('municipal', ['audit_office_letter', 'audit_report', 'finance_opinion'].map((kind) => ({ kind, reference: 'X' })))).not.toThrow();
  });
});
