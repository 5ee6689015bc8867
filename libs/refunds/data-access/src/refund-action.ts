import type { ActionContext, ActionDefinition } from '@jinku/approvals';
import type { Tx } from '@jinku/db';
import { DomainError, failedPrecondition, parseAmount, type Actor } from '@jinku/kernel';
import type { PostedVoucher, VoucherDraft } from '@jinku/ledger-domain';
import { APPROVING_AUTHORITIES, isAuthorityKind } from '@jinku/refunds-domain';
import { lockReceipt, recordAdjustment } from '@jinku/revenue';
import { presentationOf, refundPayloadOf, type RevenueRefundPayload } from './payload';
import { planRefund, refundAlreadyMade, type RefundDependencies, type RefundPlan } from './refund-plan';
import { refundRepository } from './register';

const UNIQUE_VIOLATION = '23505';

/**
 * R34(7): the approval carries the approving authority's seal and its representative's, checked against the
 * card the authority filed, in force on the approval's date; and the card is of the authority's kind, so a
 * bank or a budget unit cannot pose as an approver. SEAL_MISSING, SEAL_MISMATCH, NO_SPECIMEN_CARD are the
 * seals lib's own refusals.
 */
async function assertSealed(dependencies: RefundDependencies, initiator: Actor, payload: RevenueRefundPayload, plan: RefundPlan): Promise<void> {
  const { document, approvalDate } = plan.checked;
  const card = await dependencies.specimens.inForce(initiator, document.authorityCode, approvalDate);
  const expected = isAuthorityKind(document.authorityKind) ? APPROVING_AUTHORITIES[document.authorityKind].unitKind : undefined;
  if (card.unitKind !== expected) {
    throw failedPrecondition('UNAUTHORIZED_APPROVER', `unit ${document.authorityCode} filed its card as a ${card.unitKind}, not as a ${document.authorityKind} (R34(10))`, { article: 'R34(10)' });
  }
  await dependencies.specimens.verifySpecimen(initiator, document.authorityCode, presentationOf(payload), approvalDate);
}

/** The refund's voucher: each level's share debited where the receipt credited it, the whole credited to clearing. */
function draftOf(plan: RefundPlan): VoucherDraft {
  const { document, original, amount } = plan.checked;
  return {
    kind: 'ordinary',
    summary: `退库 ${document.reason} → ${document.payeeName} ${document.payeeAccount}`,
    documents: [
      { kind: 'refund_voucher', reference: document.refundVoucherNumber },
      { kind: 'refund_approval', reference: document.approvalDocument },
      { kind: 'refund_application', reference: document.applicationReference },
      original.kind === 'receipt' ? { kind: 'payment_receipt', reference: `${original.authorityCode}/${original.messageId}` } : { kind: 'export_plan', reference: original.reference },
    ],
    lines: [
      ...plan.shares.flatMap((share) => {
        const part = parseAmount(share.amount);
        return part.isZero() ? [] : [{ accountNumber: share.accountNumber, side: 'debit' as const, amount: part, fiscalLevel: share.level, classificationCode: plan.receipt ? share.revenueCode : null }];
      }),
      { accountNumber: plan.books.clearingAccount, side: 'credit', amount, fiscalLevel: null, classificationCode: null },
    ],
  };
}

/** The ledger refuses to overdraw a level's deposit account; told here as the refund rule it enforces. */
function asRefundRefusal(error: unknown, plan: RefundPlan): unknown {
  if (!(error instanceof DomainError) || error.reason !== 'INSUFFICIENT_BALANCE') return error;
  const share = plan.shares.find((s) => s.accountNumber === error.details['account']);
  return failedPrecondition(
    'INSUFFICIENT_BALANCE',
    `the ${share?.level ?? ''} share ${share?.amount ?? ''} exceeds the ${error.details['available']} account ${error.details['account']} holds: refunds beyond the day's revenue are made only from a balance that covers them (R33(6), R34(9))`,
    { ...error.details, level: share?.level ?? '' },
  );
}

async function post(dependencies: RefundDependencies, tx: Tx, plan: RefundPlan, context: ActionContext): Promise<PostedVoucher> {
  try {
    return await dependencies.ledger.postApproved(tx, context.initiator, { checkerId: context.approver.userId, requestId: context.requestId }, {
      treasuryId: context.treasuryId,
      draft: draftOf(plan),
    });
  } catch (error) {
    throw asRefundRefusal(error, plan);
  }
}

/**
 * 退库 (R33–R34): a refund of budget revenue, entered by the fiscal-refund operator (TC2) from the collecting
 * authority's documents, reviewed (TC3), its payee elements re-entered blind (TC4: money leaves), and approved
 * by the accounting supervisor: an outward transfer of funds is an important matter (R19(3) 对外划转资金).
 * Every check of R33–R34 runs at entry and again at the final approval; inside its transaction the receipt is
 * locked, what is left of it read again, and the voucher and the register's row are written together.
 */
export function revenueRefundAction(dependencies: RefundDependencies): ActionDefinition<RevenueRefundPayload> {
  const { database } = dependencies;
  return {
    policy: { kind: 'revenue_refund', permission: 'refund.enter' },
    async parse(raw, treasuryId, initiator) {
      const payload = refundPayloadOf(raw);
      const plan = await planRefund(dependencies, database.sql, initiator, treasuryId, payload);
      await assertSealed(dependencies, initiator, payload, plan);
      // The voucher it would post is bound to the chart now, so it cannot fail on its texts or accounts later.
      await dependencies.ledger.checkDraft(treasuryId, draftOf(plan));
      return payload;
    },
    targetOf: (payload) => `refund:${payload.approvingAuthorityCode}:${payload.refundVoucherNumber}`,
    amountOf: (payload) => payload.amount,
    keyElementsOf: (payload) => ({ payeeAccount: payload.payeeAccount, payeeName: payload.payeeName, bankCode: payload.bankCode, amount: payload.amount }),
    important: () => true,
    async execute(tx, payload, context) {
      const { original } = payload;
      if (original?.$case === 'receipt') await lockReceipt(tx, original.value);
      const plan = await planRefund(dependencies, tx, context.initiator, context.treasuryId, payload);
      const voucher = await post(dependencies, tx, plan, context);
      const { document } = plan.checked;
      const refundId = await refundRepository
        .append(tx, {
          treasuryId: context.treasuryId,
          businessDate: voucher.businessDate,
          receipt: plan.receipt && { authorityCode: plan.receipt.receipt.authorityCode, messageId: plan.receipt.receipt.messageId },
          exportPlanReference: plan.checked.original.kind === 'export_plan' ? plan.checked.original.reference : null,
          authorityCode: document.authorityCode,
          authorityKind: document.authorityKind,
          approvalDocument: document.approvalDocument,
          approvalDate: plan.checked.approvalDate,
          refundVoucherNumber: document.refundVoucherNumber,
          applicationReference: document.applicationReference,
          payeeName: document.payeeName,
          payeeAccount: document.payeeAccount,
          bankCode: document.bankCode,
          amount: plan.checked.amount.toFixed(2),
          reason: document.reason,
          parts: plan.shares,
          voucherId: voucher.id,
          approvalRequestId: context.requestId,
        })
        .catch((error: { code?: string }) => {
          // Another receipt's refund took the same voucher number meanwhile.
          if (error.code === UNIQUE_VIOLATION) throw refundAlreadyMade(document);
          throw error;
        });
      // The revenue reports net the refund on its day; the remittance nets the parts another treasury keeps,
      // so the keeper never holds what was paid back.
      await recordAdjustment(tx, {
        kind: 'refund',
        treasuryId: context.treasuryId,
        businessDate: voucher.businessDate,
        reference: `approval-request:${context.requestId}`,
        receipt: plan.receipt && { authorityCode: plan.receipt.receipt.authorityCode, messageId: plan.receipt.receipt.messageId },
        parts: plan.shares.map((share) => ({
          authorityCode: plan.receipt?.receipt.authorityCode ?? document.authorityCode,
          revenueCode: share.revenueCode,
          level: share.level,
          accountNumber: share.accountNumber,
          keeperTreasuryId: share.treasuryId,
          amount: parseAmount(share.amount).negated().toFixed(2),
        })),
      });
      return { refundId, voucherId: voucher.id, businessDate: voucher.businessDate };
    },
  };
}
