import { checkText, parseAmount } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import { TEXT_LIMITS } from '@jinku/ledger-domain';
import type { ActionDefinition } from '../action';
import { objectOf, positiveAmount, text } from './payload';

/** The clearing account money leaves through (standard chart). */
const CLEARING_ACCOUNT = '105100';

interface OutwardTransfer {
  readonly fromAccount: string;
  readonly amount: string;
  readonly payeeAccount: string;
  readonly payeeName: string;
  readonly bankCode: string;
  readonly summary: string;
  readonly documentReference: string;
}

/** The voucher's 摘要 names the payee too, so it is what must fit the ledger's summary limit. */
const voucherSummaryOf = (transfer: OutwardTransfer) => `${transfer.summary} → ${transfer.payeeName} ${transfer.payeeAccount}`;

/**
 * 转汇/往账 (R18(3), R19(3)): money leaving a deposit account for a payee. Reviewed, then the key elements
 * (payee account, payee name, bank code, amount) are re-entered by a different person, then the supervisor
 * approves; the debit of the deposit account posts in the same transaction as that approval.
 */
export function outwardTransferAction(ledger: Ledger): ActionDefinition<OutwardTransfer> {
  return {
    policy: { kind: 'outward_transfer', permission: 'transfer.enter_outward' },
    parse(payload) {
      const record = objectOf(payload);
      const transfer = {
        fromAccount: text(record, 'fromAccount'),
        amount: positiveAmount(record, 'amount'),
        payeeAccount: text(record, 'payeeAccount'),
        payeeName: text(record, 'payeeName'),
        bankCode: text(record, 'bankCode'),
        summary: text(record, 'summary'),
        documentReference: text(record, 'documentReference'),
      };
      checkText(voucherSummaryOf(transfer), 'payload.summary (with the payee)', TEXT_LIMITS.summary);
      return transfer;
    },
    targetOf: (transfer) => `document:${transfer.documentReference}`,
    amountOf: (transfer) => transfer.amount,
    keyElementsOf: (t) => ({ payeeAccount: t.payeeAccount, payeeName: t.payeeName, bankCode: t.bankCode, amount: t.amount }),
    important: () => true,
    async execute(tx, transfer, context) {
      const amount = parseAmount(transfer.amount);
      const posted = await ledger.postApproved(tx, context.initiator, { checkerId: context.approver.userId, requestId: context.requestId }, {
        treasuryId: context.treasuryId,
        draft: {
          kind: 'ordinary',
          summary: voucherSummaryOf(transfer),
          documents: [{ kind: 'transfer_instruction', reference: transfer.documentReference }],
          lines: [
            { accountNumber: transfer.fromAccount, side: 'debit', amount, fiscalLevel: null, classificationCode: null },
            { accountNumber: CLEARING_ACCOUNT, side: 'credit', amount, fiscalLevel: null, classificationCode: null },
          ],
        },
      });
      return { voucherId: posted.id, businessDate: posted.businessDate };
    },
  };
}
