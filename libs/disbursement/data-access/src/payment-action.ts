import type { ActionContext, ActionDefinition } from '@jinku/approvals';
import type { Tx } from '@jinku/db';
import { monitoringHitsOf, type PaymentKind } from '@jinku/disbursement-domain';
import { DomainError, failedPrecondition, formatAmount, treasuryDate } from '@jinku/kernel';
import type { PostedVoucher, VoucherDraft } from '@jinku/ledger-domain';
import { presentationOf } from '@jinku/seals';
import { budgetRepository } from './budget-repository';
import { instructionRepository } from './instructions';
import { monitoringRepository } from './monitoring';
import { paymentPayloadOf, type PaymentPayload } from './payload';
import { assertSealed, checkedVoucher, drawKey, paymentAlreadyMade, planPayment, senderOf, type DisbursementDependencies, type PaymentPlan } from './payment-plan';
import { paymentRepository } from './payment-register';

const UNIQUE_VIOLATION = '23505';

const NAMES: Record<PaymentKind, { approvalsKind: string; summary: string; document: string }> = {
  appropriation: { approvalsKind: 'appropriation', summary: '实拨', document: 'appropriation_voucher' },
  clearing: { approvalsKind: 'payment_clearing', summary: '集中支付清算', document: 'clearing_request' },
};

/** The payment's voucher: the paying budget's deposit debited per line, the whole credited to clearing. */
function draftOf(kind: PaymentKind, plan: PaymentPlan): VoucherDraft {
  const { voucher, amount } = plan.checked;
  const level = voucher.budgetLevel as 'provincial' | 'municipal' | 'district';
  return {
    kind: 'ordinary',
    summary: `${NAMES[kind].summary} ${voucher.voucherNumber} → ${voucher.payeeName} ${voucher.payeeAccount}`,
    documents: [{ kind: NAMES[kind].document, reference: `${senderOf(kind, voucher).code}/${voucher.voucherNumber}` }, ...voucher.documents],
    lines: [
      ...plan.checked.lines.map(({ line, amount: part }) => ({ accountNumber: plan.depositAccount, side: 'debit' as const, amount: part, fiscalLevel: level, classificationCode: line.functionCode })),
      { accountNumber: plan.clearingAccount, side: 'credit', amount, fiscalLevel: null, classificationCode: null },
    ],
  };
}

/** The ledger refuses to overdraw the deposit; told here as R39(6). */
function asPaymentRefusal(error: unknown): unknown {
  if (!(error instanceof DomainError) || error.reason !== 'INSUFFICIENT_BALANCE') return error;
  return failedPrecondition('INSUFFICIENT_BALANCE', `the payment exceeds the ${error.details['available']} account ${error.details['account']} holds (R39(6))`, error.details);
}

async function execute(dependencies: DisbursementDependencies, kind: PaymentKind, tx: Tx, payload: PaymentPayload, context: ActionContext) {
  // The draws' keys first, then their locks in one order, then everything again under them.
  const first = await planPayment(dependencies, tx, kind, context.treasuryId, payload);
  for (const draw of [...first.draws].sort((a, b) => (drawKey(a) < drawKey(b) ? -1 : 1))) await budgetRepository.lock(tx, draw.scope, draw.key);
  const plan = await planPayment(dependencies, tx, kind, context.treasuryId, payload);
  let voucher: PostedVoucher;
  try {
    voucher = await dependencies.ledger.postApproved(tx, context.initiator, { checkerId: context.approver.userId, requestId: context.requestId }, { treasuryId: context.treasuryId, draft: draftOf(kind, plan) });
  } catch (error) {
    throw asPaymentRefusal(error);
  }
  const { checked } = plan;
  const paymentId = await paymentRepository
    .append(tx, {
      treasuryId: context.treasuryId,
      kind,
      bureauCode: checked.voucher.bureauCode,
      agencyBankCode: checked.voucher.agencyBankCode,
      voucherNumber: checked.voucher.voucherNumber,
      voucherDate: checked.voucherDate,
      payeeName: checked.voucher.payeeName,
      payeeAccount: checked.voucher.payeeAccount,
      bankCode: checked.voucher.bankCode,
      payeeKind: checked.voucher.payeeKind,
      amount: formatAmount(checked.amount),
      lines: checked.lines.map(({ line, amount }) => ({ ...line, amount: formatAmount(amount) })),
      accountNumber: plan.depositAccount,
      voucherId: voucher.id,
      approvalRequestId: context.requestId,
      receivedOn: treasuryDate(context.enteredAt),
      businessDate: voucher.businessDate,
    })
    .catch((error: { code?: string }) => {
      if (error.code === UNIQUE_VIOLATION) throw paymentAlreadyMade(checked);
      throw error;
    });
  await budgetRepository.addUsages(tx, paymentId, plan.draws.map((draw) => ({ scope: draw.scope, key: draw.key, amount: formatAmount(draw.amount) })));
  // Sent by the dispatcher once this commits (R53): through the modern payment system, the channel for transfers to banks.
  await instructionRepository.add(tx, {
    paymentId,
    treasuryId: context.treasuryId,
    channel: 'cnaps',
    payeeName: checked.voucher.payeeName,
    payeeAccount: checked.voucher.payeeAccount,
    bankCode: checked.voucher.bankCode,
    amount: formatAmount(checked.amount),
  });
  return { paymentId, voucherId: voucher.id, businessDate: voucher.businessDate };
}

/**
 * 库款支拨 (R35–R39): an appropriation on a finance bureau's voucher, or the clearing of what an agency bank paid
 * for budget units, entered by the fiscal operator (TC2) from the sender's voucher, reviewed (TC3), its payee
 * elements re-entered blind (TC4: money leaves, R18(3)), and released by that audit. Every check runs at entry and
 * again at release, where the plan's and quotas' keys are locked so concurrent payments never overspend them.
 */
function paymentAction(kind: PaymentKind, dependencies: DisbursementDependencies): ActionDefinition<PaymentPayload> {
  const { database, ledger } = dependencies;
  return {
    policy: { kind: NAMES[kind].approvalsKind, permission: 'disbursement.enter' },
    async parse(raw, treasuryId, initiator) {
      const payload = paymentPayloadOf(raw);
      // Who sends it before what it asks: the sender's seal, then the books.
      await assertSealed(dependencies, initiator, kind, checkedVoucher(dependencies, kind, payload), presentationOf(payload.presented));
      const plan = await planPayment(dependencies, database.sql, kind, treasuryId, payload);
      // The voucher it would post is bound to the chart now, so it cannot fail on its texts or accounts later.
      await ledger.checkDraft(treasuryId, draftOf(kind, plan));
      if (payload.monitoringHits) return payload;
      const day = (await ledger.days.current(treasuryId)).date;
      const rules = await monitoringRepository.inForce(database.sql, initiator.jurisdictionId, day);
      return { ...payload, monitoringHits: monitoringHitsOf({ ...plan.checked.voucher, amount: plan.checked.amount }, rules) };
    },
    targetOf: (payload) => `payment:${kind}:${senderOf(kind, payload).code}:${payload.voucherNumber}`,
    amountOf: (payload) => payload.amount,
    keyElementsOf: (payload) => ({ payeeAccount: payload.payeeAccount, payeeName: payload.payeeName, bankCode: payload.bankCode, amount: payload.amount }),
    // A monitoring hit holds the payment for the supervisor's documented decision (seed 002).
    important: (payload) => (payload.monitoringHits?.length ?? 0) > 0,
    execute: (tx, payload, context) => execute(dependencies, kind, tx, payload, context),
  };
}

export const appropriationAction = (dependencies: DisbursementDependencies) => paymentAction('appropriation', dependencies);
export const clearingAction = (dependencies: DisbursementDependencies) => paymentAction('clearing', dependencies);
