import { refusalOfCall } from '@jinku/kernel/testing';
import { describe, expect, it } from 'vitest';
import { assertPayeeIsPayer, checkRefundDocument, type RefundDocument } from './refund-document';

const TODAY = '2026-11-24';
const document = (overrides: Partial<RefundDocument> = {}): RefundDocument => ({
  original: { kind: 'receipt', authorityCode: '14403000000', messageId: 'm-1' },
  authorityCode: 'MOF-SZ',
  authorityKind: 'mof_office',
  approvalDocument: '深监退〔2026〕12号',
  approvalDate: TODAY,
  refundVoucherNumber: 'TH-0001',
  applicationReference: 'SQ-0001',
  payeeName: '深圳某科技有限公司',
  payeeAccount: '4403010000123456',
  bankCode: '102584000002',
  amount: '40.00',
  reason: '多缴',
  requestForm: 'written',
  copyAmounts: [],
  ...overrides,
});
const refusal = (overrides: Partial<RefundDocument>) => refusalOfCall(() => checkRefundDocument(document(overrides), TODAY));

describe('checkRefundDocument (R33(4), R34(4)–(6), (8))', () => {
  it('passes a complete written request, with copies that agree as money', () => {
    expect(checkRefundDocument(document({ copyAmounts: ['40', '40.00'] }), TODAY)).toMatchObject({ approvalDate: TODAY, original: { kind: 'receipt' } });
    expect(checkRefundDocument(document({ original: { kind: 'export_plan', reference: 'CK-2026-7' } }), TODAY).original).toEqual({ kind: 'export_plan', reference: 'CK-2026-7' });
  });

  it('refuses a request by word of mouth or telephone, whatever else it lacks (R34(4))', () => {
    expect(refusal({ requestForm: 'telephone', approvalDocument: '' })).toMatchObject({ kind: 'failed_precondition', reason: 'VERBAL_REQUEST' });
    expect(refusal({ requestForm: 'verbal' })?.reason).toBe('VERBAL_REQUEST');
  });

  it('names every missing document (R33(4), R34(5))', () => {
    expect(refusal({ original: null, approvalDocument: ' ', applicationReference: '' })).toMatchObject({
      kind: 'invalid_argument',
      reason: 'MISSING_DOCUMENTS',
      details: { missing: 'original_receipt,approval_document,application_reference' },
    });
    expect(refusal({ original: { kind: 'receipt', authorityCode: '14403000000', messageId: '' } })?.details).toEqual({ missing: 'original_receipt' });
  });

  it('refuses malformed voucher elements, naming the field (R34(6))', () => {
    const field = (overrides: Partial<RefundDocument>) => {
      const refused = refusal(overrides);
      return `${refused?.reason} ${refused?.details['field']}`;
    };
    expect(field({ amount: '40.001' })).toBe('BAD_VOUCHER_ELEMENTS amount');
    expect(field({ amount: '0' })).toBe('BAD_VOUCHER_ELEMENTS amount');
    expect(field({ bankCode: '10258400000' })).toBe('BAD_VOUCHER_ELEMENTS bank_code');
    expect(field({ payeeAccount: '4403 0100' })).toBe('BAD_VOUCHER_ELEMENTS payee_account');
    expect(field({ payeeName: '' })).toBe('BAD_VOUCHER_ELEMENTS payee_name');
    expect(field({ reason: '' })).toBe('BAD_VOUCHER_ELEMENTS reason');
    expect(field({ approvalDate: '2026-02-30' })).toBe('BAD_VOUCHER_ELEMENTS approval_date');
    expect(field({ approvalDate: '2026-11-25' })).toBe('BAD_VOUCHER_ELEMENTS approval_date');
    expect(field({ requestForm: 'fax' })).toBe('BAD_VOUCHER_ELEMENTS request_form');
  });

  it('refuses copies that say another amount (R34(8))', () => {
    expect(refusal({ copyAmounts: ['40.00', '400.00'] })).toMatchObject({ reason: 'COPIES_DISAGREE', details: { field: 'copy_amounts[1]' } });
  });
});

describe('assertPayeeIsPayer (R33(3), R34(3))', () => {
  const payer = { name: '深圳某科技有限公司', account: '4403010000123456' };
  it('pays only the original payer', () => {
    expect(refusalOfCall(() => assertPayeeIsPayer(document(), payer))).toBeUndefined();
    expect(refusalOfCall(() => assertPayeeIsPayer(document({ payeeAccount: '6222000011112222' }), payer))).toMatchObject({
      reason: 'PAYEE_NOT_APPLICANT',
      details: { fields: 'payee_account' },
    });
  });
});
