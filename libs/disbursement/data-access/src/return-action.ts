import { payloadRecord, payloadText, type ActionContext, type ActionDefinition } from '@jinku/approvals';
import type { Database, Tx } from '@jinku/db';
import { alreadyExists, failedPrecondition, formatAmount, notFound, parseAmount, type Amount } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import type { PostedVoucher, VoucherDraft } from '@jinku/ledger-domain';
import { budgetRepository } from './budget-repository';
import { instructionRepository } from './instructions';
import { paymentRepository, type PaymentRecord } from './payment-register';

type Sql = Database['sql'] | Tx;

/** A returned payment (退汇) as the payee's bank's return message states it: which payment, to whom, how much, why. */
export interface PaymentReturnPayload {
  readonly paymentId: string;
  readonly payeeName: string;
  readonly payeeAccount: string;
  readonly amount: string;
  readonly reason: string;
}

export interface ReturnDependencies {
  readonly database: Database;
  readonly ledger: Ledger;
}

function payloadOf(raw: unknown): PaymentReturnPayload {
  const record = payloadRecord(raw, 'payload');
  const text = (field: keyof PaymentReturnPayload) => payloadText(record, field);
  return { paymentId: text('paymentId'), payeeName: text('payeeName'), payeeAccount: text('payeeAccount'), amount: text('amount'), reason: text('reason') };
}

/**
 * R18(4): a return is taken only when it matches the original — the same payee's name and account and the same
 * amount — for a payment of this treasury whose instruction the channel reports returned, and only once.
 */
async function checkedReturn(sql: Sql, treasuryId: string, payload: PaymentReturnPayload): Promise<{ payment: PaymentRecord; amount: Amount }> {
  const payment = /^[1-9][0-9]{0,18}$/.test(payload.paymentId) ? await paymentRepository.byId(sql, payload.paymentId) : undefined;
  if (!payment || payment.treasuryId !== treasuryId) throw notFound('PAYMENT_NOT_FOUND', `no payment ${payload.paymentId.slice(0, 24)} at ${treasuryId}`);
  if (!payload.reason.trim()) throw failedPrecondition('RETURN_WITHOUT_REASON', 'a return states the payee bank’s reason');
  const state = await instructionRepository.stateOf(sql, payment.id);
  if (state?.status !== 'returned') {
    throw failedPrecondition('NOT_RETURNED', `payment ${payment.id}'s instruction is ${state?.status ?? 'missing'}: only what the channel reports returned is taken back (R18(4))`);
  }
  const amount = parseAmount(payload.amount);
  const differing = [
    ['payee_name', payload.payeeName.trim() !== payment.payeeName],
    ['payee_account', payload.payeeAccount.trim() !== payment.payeeAccount],
    ['amount', !amount.equals(parseAmount(payment.amount))],
  ].flatMap(([field, differs]) => (differs ? [field as string] : []));
  if (differing.length > 0) {
    throw failedPrecondition('RETURN_DOES_NOT_MATCH', `the return must match the original payment; ${differing.join(', ')} differ (R18(4))`, { fields: differing.join(',') });
  }
  if (await paymentRepository.returned(sql, payment.id)) throw alreadyExists('ALREADY_RETURNED', `payment ${payment.id} was already put back`);
  return { payment, amount };
}

/**
 * Money back in through clearing, onto the deposit it left: the payment's voucher with its sides turned, line by
 * line under the same levels and codes. (Not a red reversal: the payment happened; the money came back.)
 */
function draftOf(payment: PaymentRecord, original: PostedVoucher, reason: string): VoucherDraft {
  return {
    kind: 'ordinary',
    summary: `退汇 支付 ${payment.id} ${payment.payeeName} ${payment.payeeAccount}：${reason}`,
    documents: [{ kind: 'payment_return', reference: `payment:${payment.id}` }],
    lines: original.lines.map((line) => ({
      accountNumber: line.account.number,
      side: line.side === 'debit' ? 'credit' : 'debit',
      amount: line.amount,
      fiscalLevel: line.fiscalLevel,
      classificationCode: line.classificationCode,
    })),
  };
}

/**
 * 退汇 (R18(4)): a payment the payee's bank returned, put back on the account it left and on the plan and quotas
 * it drew on. Entered by the fiscal operator from the return message, reviewed, and approved by the accounting
 * supervisor; it must match the original. No key-element audit: the money comes in.
 */
export function paymentReturnAction(dependencies: ReturnDependencies): ActionDefinition<PaymentReturnPayload> {
  const { database, ledger } = dependencies;
  return {
    policy: { kind: 'payment_return', permission: 'disbursement.enter' },
    async parse(raw, treasuryId) {
      const payload = payloadOf(raw);
      await checkedReturn(database.sql, treasuryId, payload);
      return payload;
    },
    targetOf: (payload) => `payment-return:${payload.paymentId}`,
    amountOf: (payload) => payload.amount,
    keyElementsOf: () => null,
    important: () => true,
    async execute(tx: Tx, payload: PaymentReturnPayload, context: ActionContext) {
      await paymentRepository.lockReturn(tx, payload.paymentId);
      const { payment, amount } = await checkedReturn(tx, context.treasuryId, payload);
      const original = await ledger.vouchers.get(context.treasuryId, payment.voucherId, tx);
      const voucher = await ledger.postApproved(tx, context.initiator, { checkerId: context.approver.userId, requestId: context.requestId }, {
        treasuryId: context.treasuryId,
        draft: draftOf(payment, original, payload.reason),
      });
      // The plan and quotas get back what the payment drew (R39(2), R39(4)).
      const drawn = await budgetRepository.usagesOf(tx, payment.id);
      await budgetRepository.addUsages(tx, payment.id, drawn.map((usage) => ({ ...usage, amount: parseAmount(usage.amount).negated().toFixed(2) })));
      const returnId = await paymentRepository.appendReturn(tx, {
        paymentId: payment.id,
        treasuryId: context.treasuryId,
        reason: payload.reason,
        amount: formatAmount(amount),
        voucherId: voucher.id,
        approvalRequestId: context.requestId,
        businessDate: voucher.businessDate,
      });
      return { returnId, voucherId: voucher.id, businessDate: voucher.businessDate };
    },
  };
}
