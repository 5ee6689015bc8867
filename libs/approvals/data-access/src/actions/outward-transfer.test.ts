import { systemActor } from '@jinku/kernel';
import { refusalOfCall } from '@jinku/kernel/testing';
import type { Ledger } from '@jinku/ledger';
import { describe, expect, it } from 'vitest';
import { outwardTransferAction } from './outward-transfer';

// Parsing a transfer looks nothing up: no ledger needed.
const action = outwardTransferAction({} as Ledger);
const transfer = (summary: string, payeeName = '深圳市某某有限公司') => ({
  fromAccount: '201103',
  amount: '100.00',
  payeeAccount: '6222020200112233445',
  payeeName,
  bankCode: '102584000010',
  summary,
  documentReference: 'TR-1',
});

describe('outward transfer entry', () => {
  it('refuses at entry a summary that would not fit the voucher once the payee is added to it', () => {
    const parse = (summary: string, payeeName?: string) => () => action.parse(transfer(summary, payeeName), 'SZ', systemActor('test', 'SZ'));
    expect(refusalOfCall(parse('拨款'.repeat(240), '某'.repeat(100)))).toMatchObject({ reason: 'TEXT_TOO_LONG' });
    expect(refusalOfCall(parse('拨款'))).toBeUndefined();
  });
});
