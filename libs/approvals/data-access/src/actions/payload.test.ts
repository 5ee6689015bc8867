import { refusalOfCall } from '@jinku/kernel/testing';
import { describe, expect, it } from 'vitest';
import { linesOf, optionalText, text, textLimitOf } from './payload';

describe('payload texts', () => {
  it('keep the ledger’s limits for a voucher’s fields and a default for the rest', () => {
    expect([textLimitOf('summary'), textLimitOf('documentReference'), textLimitOf('accountNumber'), textLimitOf('treasuryId')]).toEqual([500, 128, 32, 16]);
    expect(textLimitOf('name')).toBe(128);
  });

  it.each([
    ['summary', '税'.repeat(501), 'TEXT_TOO_LONG'],
    ['summary', '入\u0000库', 'CONTROL_CHARACTER'],
    ['payeeName', '某某\uD800', 'INVALID_UTF8'],
  ])('refuse %s carrying %j: %s, naming the field', (field, value, reason) => {
    expect(refusalOfCall(() => text({ [field]: value }, field))).toMatchObject({ kind: 'invalid_argument', reason, details: { field: `payload.${field}` } });
  });

  it('check optional texts and a line’s classification code too', () => {
    expect(refusalOfCall(() => optionalText({ operationRequestId: '1\n' }, 'operationRequestId'))?.reason).toBe('CONTROL_CHARACTER');
    const line = { accountNumber: '105100', side: 'debit', amount: '1.00', classificationCode: '101'.repeat(10) };
    expect(refusalOfCall(() => linesOf({ lines: [line] }, 'lines'))).toMatchObject({ reason: 'TEXT_TOO_LONG', details: { field: 'payload.classificationCode' } });
    expect(linesOf({ lines: [{ ...line, classificationCode: '' }] }, 'lines')[0]!.classificationCode).toBeNull();
  });
});
