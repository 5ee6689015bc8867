import { formatAmount, sumAmounts } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import { movesMoneyOut, type VoucherDraft } from '@jinku/ledger-domain';
import type { ActionDefinition } from '../action';
import { linesOf, objectOf, text } from './payload';

interface ManualVoucher {
  readonly summary: string;
  readonly documentKind: string;
  readonly documentReference: string;
  readonly lines: ReturnType<typeof linesOf>;
  /** Set when the lines send money out ('' otherwise): what the key-element auditor re-enters blind. */
  readonly payeeAccount: string;
  readonly payeeName: string;
  readonly bankCode: string;
}

const draftOf = (voucher: Pick<ManualVoucher, 'summary' | 'documentKind' | 'documentReference' | 'lines'>): VoucherDraft => ({
  kind: 'ordinary',
  summary: voucher.summary,
  documents: [{ kind: voucher.documentKind, reference: voucher.documentReference }],
  lines: voucher.lines,
});

const totalOf = (voucher: ManualVoucher) => formatAmount(sumAmounts(voucher.lines.filter((l) => l.side === 'debit').map((l) => l.amount)));

/**
 * 手工凭证 (R18(6), R19(3)): a voucher typed in by hand posts only through an approved request — reviewed,
 * key elements re-entered blind when its lines send money out (R18(3)), then approved by the supervisor —
 * with the maker and the checker recorded on the voucher. Its route follows from its lines, never a flag.
 */
export function manualVoucherAction(ledger: Ledger): ActionDefinition<ManualVoucher> {
  return {
    policy: { kind: 'manual_voucher', permission: 'voucher.enter_manual' },
    async parse(payload, treasuryId) {
      const record = objectOf(payload);
      const voucher = {
        summary: text(record, 'summary'),
        documentKind: text(record, 'documentKind'),
        documentReference: text(record, 'documentReference'),
        lines: linesOf(record, 'lines'),
      };
      if (!movesMoneyOut(await ledger.checkDraft(treasuryId, draftOf(voucher)))) return { ...voucher, payeeAccount: '', payeeName: '', bankCode: '' };
      return { ...voucher, payeeAccount: text(record, 'payeeAccount'), payeeName: text(record, 'payeeName'), bankCode: text(record, 'bankCode') };
    },
    targetOf: (voucher) => `document:${voucher.documentReference}`,
    amountOf: totalOf,
    keyElementsOf: (v) => (v.payeeAccount ? { payeeAccount: v.payeeAccount, payeeName: v.payeeName, bankCode: v.bankCode, amount: totalOf(v) } : null),
    important: () => true,
    async execute(tx, voucher, context) {
      const posted = await ledger.postApproved(tx, context.initiator, { checkerId: context.approver.userId, requestId: context.requestId }, {
        treasuryId: context.treasuryId,
        draft: draftOf(voucher),
      });
      return { voucherId: posted.id, businessDate: posted.businessDate };
    },
  };
}
