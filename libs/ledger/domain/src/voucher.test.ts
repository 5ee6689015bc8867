import { parseAmount, DomainError } from '@jinku/kernel';
import { describe, expect, it } from 'vitest';
import { applyToBalances } from './balances';
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
});
