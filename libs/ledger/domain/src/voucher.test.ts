import { parseAmount, DomainError } from '@jinku/kernel';
import { describe, expect, it } from 'vitest';
import { applyToBalances } from './balances';
import { checkVoucherText, MAX_DOCUMENTS, TEXT_LIMITS } from './text-limits';
import { validateVoucher, type VoucherDraft, type VoucherLineDraft } from './voucher';
import { account, subjects } from './test-chart';

const clearing = account('1', subjects.clearing);
const deposit = account('2', subjects.localDeposit);
const bonds = account('3', subjects.bondReceipts);
const context = {
  accountsByNumber: new Map([clearing, deposit, bonds].map((a) => [a.number, a])),
  isKnownClassificationCode: (code: string) => code === '10101',
};

const line = (acc: { number: string }, side: VoucherLineDraft['side'], amount: string): VoucherLineDraft => ({
  accountNumber: acc.number,
  side,
  amount: parseAmount(amount),
  fiscalLevel: null,
  classificationCode: null,
});
const draft = (lines: VoucherLineDraft[], kind: VoucherDraft['kind'] = 'ordinary'): VoucherDraft => ({
  kind,
  summary: '增值税入库',
  documents: [{ kind: 'tax_payment_form', reference: 'TIPS-0001' }],
  lines,
});
const reasonOf = (fn: () => unknown) => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as DomainError).reason;
  }
};

describe('validateVoucher', () => {
  it('accepts a balanced voucher and an off-balance single-sided line', () => {
    const lines = validateVoucher(draft([line(clearing, 'debit', '100.00'), line(deposit, 'credit', '100.00'), line(bonds, 'receipt', '5.00')]), context);
    expect(lines.map((l) => l.account.id)).toEqual(['1', '2', '3']);
  });

  it.each([
    ['UNBALANCED_VOUCHER', draft([line(clearing, 'debit', '100.00'), line(deposit, 'credit', '99.99')])],
    ['UNBALANCED_VOUCHER', draft([line(clearing, 'debit', '100.00')])],
    ['NO_LINES', draft([])],
    ['SIDE_NOT_ALLOWED', draft([line(bonds, 'debit', '1.00'), line(clearing, 'credit', '1.00')])],
    ['SIDE_NOT_ALLOWED', draft([line(clearing, 'receipt', '1.00')])],
    ['UNKNOWN_ACCOUNT', draft([line({ number: 'nope' }, 'debit', '1.00')])],
    ['AMOUNT_SIGN', draft([line(clearing, 'debit', '-1.00'), line(deposit, 'credit', '-1.00')])],
    ['AMOUNT_SIGN', draft([line(clearing, 'debit', '1.00'), line(deposit, 'credit', '1.00')], 'reversal')],
    // Off by one fen at 1.2 × 10^18: totals beyond 20 significant digits must not round to equal.
    [
      'UNBALANCED_VOUCHER',
      draft([
        line(clearing, 'debit', '600000000000000000.00'),
        line(clearing, 'debit', '600000000000000000.00'),
        line(deposit, 'credit', '600000000000000000.00'),
        line(deposit, 'credit', '599999999999999999.99'),
      ]),
    ],
  ])('refuses with %s', (reason, voucher) => {
    expect(reasonOf(() => validateVoucher(voucher, context))).toBe(reason);
  });

  it('requires original documents and known classification codes', () => {
    const balanced = [line(clearing, 'debit', '1.00'), line(deposit, 'credit', '1.00')];
    expect(reasonOf(() => validateVoucher({ ...draft(balanced), documents: [] }, context))).toBe('MISSING_SOURCE_DOCUMENT');
    const coded = [{ ...balanced[0]!, classificationCode: '999' }, balanced[1]!];
    expect(reasonOf(() => validateVoucher(draft(coded), context))).toBe('UNKNOWN_CLASSIFICATION_CODE');
  });
});

describe('applyToBalances', () => {
  const pay = (amount: string) => validateVoucher(draft([line(deposit, 'debit', amount), line(clearing, 'credit', amount)]), context);

  it('moves balances in each account’s normal direction', () => {
    const next = applyToBalances(pay('30.00'), new Map([['1', parseAmount('100.00')], ['2', parseAmount('100.00')]]));
    expect(next.get('2')!.toFixed(2)).toBe('70.00'); // credit-normal deposit debited
    expect(next.get('1')!.toFixed(2)).toBe('70.00'); // debit-normal clearing credited
  });

  it('refuses to overdraw a deposit account, even by one fen', () => {
    expect(reasonOf(() => applyToBalances(pay('100.01'), new Map([['1', parseAmount('0')], ['2', parseAmount('100.00')]])))).toBe(
      'INSUFFICIENT_BALANCE',
    );
  });

  it('refuses a balance the books cannot hold (10^18 yuan or more), on either side of zero', () => {
    const receive = (amount: string) => validateVoucher(draft([line(clearing, 'debit', amount), line(deposit, 'credit', amount)]), context);
    const top = '999999999999999999.99';
    expect(reasonOf(() => applyToBalances(receive(top), new Map([['1', parseAmount('0.01')], ['2', parseAmount('0')]])))).toBe('BALANCE_OVERFLOW');
    expect(reasonOf(() => applyToBalances(pay('0.01'), new Map([['1', parseAmount(`-${top}`)], ['2', parseAmount('1.00')]])))).toBe('BALANCE_OVERFLOW');
    expect(applyToBalances(receive(top), new Map([['1', parseAmount('0')], ['2', parseAmount('0')]])).get('1')!.toFixed(2)).toBe(top);
  });
});

describe('checkVoucherText', () => {
  const balanced = draft([line(clearing, 'debit', '1.00'), line(deposit, 'credit', '1.00')]);
  const refusalOf = (voucher: VoucherDraft) => {
    try {
      checkVoucherText(voucher);
      return undefined;
    } catch (error) {
      const { reason, details } = error as DomainError;
      return { reason, field: details['field'] };
    }
  };

  it('accepts a voucher within the limits', () => {
    expect(refusalOf({ ...balanced, summary: '税'.repeat(TEXT_LIMITS.summary) })).toBeUndefined();
  });

  it.each([
    ['TEXT_TOO_LONG', 'summary', { ...balanced, summary: 'x'.repeat(TEXT_LIMITS.summary + 1) }],
    ['CONTROL_CHARACTER', 'summary', { ...balanced, summary: '入库\u0000' }],
    ['TOO_MANY_DOCUMENTS', 'documents', { ...balanced, documents: Array.from({ length: MAX_DOCUMENTS + 1 }, () => balanced.documents[0]!) }],
    ['TEXT_TOO_LONG', 'documents[0].kind', { ...balanced, documents: [{ kind: 'k'.repeat(65), reference: 'R' }] }],
    ['INVALID_UTF8', 'documents[0].reference', { ...balanced, documents: [{ kind: 'k', reference: 'R\uD800' }] }],
    ['TEXT_TOO_LONG', 'lines[1].account_number', { ...balanced, lines: [balanced.lines[0]!, { ...balanced.lines[1]!, accountNumber: '2'.repeat(33) }] }],
    ['CONTROL_CHARACTER', 'lines[0].classification_code', { ...balanced, lines: [{ ...balanced.lines[0]!, classificationCode: '101\n' }, balanced.lines[1]!] }],
  ])('refuses %s in %s', (reason, field, voucher) => {
    expect(refusalOf(voucher)).toEqual({ reason, field });
  });
});
