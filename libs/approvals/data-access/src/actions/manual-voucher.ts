import { formatAmount, sumAmounts } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import type { VoucherDraft } from '@jinku/ledger-domain';
import type { ActionDefinition } from '../action';
import { linesOf, objectOf, text } from './payload';

interface ManualVoucher {
  readonly summary: string;
  readonly documentKind: string;
  readonly documentReference: string;
  readonly lines: ReturnType<typeof linesOf>;
}

const draftOf = (voucher: ManualVoucher): VoucherDraft => ({
  kind: 'ordinary',
  summary: voucher.summary,
  documents: [{ kind: voucher.documentKind, reference: voucher.documentReference }],
  lines: voucher.lines,
});

/**
 * 手工凭证 (R18(6), R19(3)): a voucher typed in by hand posts only through an approved request — reviewed,
 * then approved by the supervisor — with the maker and the checker recorded on the voucher.
 */
export function manualVoucherAction(ledger: Ledger): ActionDefinition<ManualVoucher> {
  return {
    policy: { kind: 'manual_voucher', initiatorPosts: ['income_operator', 'fiscal_refund_operator', 'horizontal_link_operator'], movesMoneyOut: false, important: true },
    async parse(payload, treasuryId) {
      const record = objectOf(payload);
      const voucher = {
        summary: text(record, 'summary'),
        documentKind: text(record, 'documentKind'),
        documentReference: text(record, 'documentReference'),
        lines: linesOf(record),
      };
      await ledger.checkDraft(treasuryId, draftOf(voucher));
      return voucher;
    },
    targetOf: (voucher) => `document:${voucher.documentReference}`,
    amountOf: (voucher) => formatAmount(sumAmounts(voucher.lines.filter((l) => l.side === 'debit').map((l) => l.amount))),
    keyElementsOf: () => null,
    async execute(tx, voucher, context) {
      const posted = await ledger.postApproved(tx, context.initiator, { checkerId: context.approver.userId, requestId: context.requestId }, {
        treasuryId: context.treasuryId,
        idempotencyKey: `approval-request:${context.requestId}`,
        draft: draftOf(voucher),
      });
      return { voucherId: posted.id, businessDate: posted.businessDate };
    },
  };
}
