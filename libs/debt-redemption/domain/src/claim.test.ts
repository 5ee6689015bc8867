import { parseAmount } from '@jinku/kernel';
import { refusalOfCall } from '@jinku/kernel/testing';
import { describe, expect, it } from 'vitest';
import { checkBondIssue, interestDue, termYears, type BondIssueInput } from './bond-issue';
import { verifyInstruments, type ClaimedInstrument } from './claim';

const input: BondIssueInput = {
  code: '2021-SAV-3',
  name: '2021年第一期储蓄国债（凭证式）',
  kind: 'bond_receipt',
  couponRate: '3.8',
  valueDate: '2021-03-10',
  maturityDate: '2024-03-10',
  redeemFrom: '2024-03-10',
  redeemTo: '2026-12-31',
  ranges: [{ prefix: 'A', first: '1', last: '1000', faceValue: '1000.00' }],
};
const issue = checkBondIssue(input);

describe('bond terms', () => {
  it('pays simple interest for the whole years of the term, to the fen', () => {
    expect(termYears(issue)).toBe(3);
    expect(interestDue(issue, parseAmount('1000.00')).toFixed(2)).toBe('114.00');
    expect(interestDue({ ...issue, couponRate: issue.couponRate.plus('0.0005') }, parseAmount('100.00')).toFixed(2)).toBe('11.40');
  });

  it('refuses terms out of order and malformed serial runs', () => {
    expect(refusalOfCall(() => checkBondIssue({ ...input, redeemFrom: '2024-03-09' }))?.reason).toBe('MALFORMED_BOND_ISSUE');
    expect(refusalOfCall(() => checkBondIssue({ ...input, ranges: [{ prefix: 'a', first: '1', last: '2', faceValue: '1' }] }))?.details['field']).toBe('ranges[0].prefix');
  });
});

describe('verifyInstruments (R49: surrender first, every instrument checked)', () => {
  const claimed = (serial: string, overrides: Partial<ClaimedInstrument> = {}): ClaimedInstrument => ({ issueCode: issue.code, serial, faceValue: '1000.00', interest: '114.00', ...overrides });
  const registry = (_issueCode: string, serial: string) => (serial === 'A999' ? undefined : { issue, faceValue: parseAmount('1000.00'), redeemed: serial === 'A7' });

  it('takes what matches the terms and names every failure by instrument', () => {
    const { verified, failures } = verifyInstruments(
      [claimed('A00000001'), claimed('A1'), claimed('A00000999'), claimed('A00000007'), claimed('A00000002', { faceValue: '100.00' }), claimed('A00000003', { interest: '114.01' }), claimed('a-1')],
      registry,
      '2026-11-20',
    );
    expect(verified.map((v) => v.serial)).toEqual(['A1']);
    expect(failures.map((f) => [f.index, f.reason])).toEqual([
      [1, 'DUPLICATE_IN_CLAIM'],
      [2, 'UNKNOWN_SERIAL'],
      [3, 'ALREADY_REDEEMED'],
      [4, 'FACE_VALUE_MISMATCH'],
      [5, 'INTEREST_MISMATCH'],
      [6, 'MALFORMED_INSTRUMENT'],
    ]);
  });

  it('takes nothing outside the redemption window', () => {
    expect(verifyInstruments([claimed('A00000001')], registry, '2024-03-09').failures.map((f) => f.reason)).toEqual(['NOT_REDEEMABLE']);
  });
});
