import { parseAmount } from '@jinku/kernel';
import { refusalOfCall } from '@jinku/kernel/testing';
import type { Account, PostedVoucher, VoucherLineDraft } from '@jinku/ledger-domain';
import { describe, expect, it } from 'vitest';
import { assertTakesBackPartOf } from './partial-reversal';

const deposit: Account = {
  id: '1',
  treasuryId: 'SZ',
  number: '201103',
  name: '地方财政库款',
  fiscalLevel: 'municipal',
  subject: { code: '2011', name: '地方财政库款', balanceSheet: 'on', normalSide: 'credit', isDeposit: true, interestBearing: true, role: 'deposit' },
};
const voucher = (id: string, kind: PostedVoucher['kind'], amount: string, code: string): PostedVoucher => ({
  id,
  treasuryId: 'SZ',
  businessDate: '2026-11-20',
  kind,
  summary: 'x',
  documents: [],
  lines: [{ account: deposit, side: 'credit', amount: parseAmount(amount), fiscalLevel: 'municipal', classificationCode: code }],
  makerId: 'm',
  idempotencyKey: `k-${id}`,
  reversesVoucherId: null,
  correctsVoucherId: null,
  checkerId: null,
  approvalRequestId: null,
  postedAt: new Date(),
});
const red = (amount: string, code = '10304'): VoucherLineDraft => ({ accountNumber: '201103', side: 'credit', amount: parseAmount(amount), fiscalLevel: 'municipal', classificationCode: code });

describe('assertTakesBackPartOf (R30: red lines take back only what stands)', () => {
  const receipt = voucher('1', 'ordinary', '50.00', '10304');

  it('takes back up to what the original posted, and no more', () => {
    expect(() => assertTakesBackPartOf(receipt, [], [red('-30.00'), red('-20.00')])).not.toThrow();
    expect(refusalOfCall(() => assertTakesBackPartOf(receipt, [], [red('-30.00'), red('-20.01')]))).toMatchObject({ reason: 'RED_LINE_NOT_IN_ORIGINAL' });
  });

  it('counts the original’s earlier corrections: what a blue line put under another code can be taken back from it', () => {
    const corrections = [voucher('2', 'reversal', '-50.00', '10304'), voucher('3', 'correction', '50.00', '10104')];
    expect(refusalOfCall(() => assertTakesBackPartOf(receipt, corrections, [red('-0.01')]))).toMatchObject({ reason: 'RED_LINE_NOT_IN_ORIGINAL' });
    expect(() => assertTakesBackPartOf(receipt, corrections, [red('-50.00', '10104')])).not.toThrow();
  });

  it('refuses a red line that is not red, and a reversal as the original', () => {
    expect(refusalOfCall(() => assertTakesBackPartOf(receipt, [], [red('1.00')]))).toMatchObject({ reason: 'RED_LINE_NOT_IN_ORIGINAL' });
    expect(refusalOfCall(() => assertTakesBackPartOf(voucher('4', 'reversal', '-1.00', '10304'), [], []))).toMatchObject({ reason: 'CANNOT_REVERSE_REVERSAL' });
  });
});
