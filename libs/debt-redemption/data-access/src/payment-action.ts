import { payloadRecord, payloadText, type ActionContext, type ActionDefinition } from '@jinku/approvals';
import type { Database, Tx } from '@jinku/db';
import { queueInstruction } from '@jinku/disbursement';
import { alreadyExists, failedPrecondition, invalidArgument, notFound, parseAmount, type BusinessDate } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import type { VoucherDraft } from '@jinku/ledger-domain';
import { bondRepository, type ClaimRecord } from './bond-repository';

/** A verified claim's payment to the bank, as the fiscal operator enters it: the claim, the bank's account, the amount. */
export interface BondPaymentPayload {
  readonly claimId: string;
  readonly payeeName: string;
  readonly payeeAccount: string;
  readonly bankCode: string;
  readonly amount: string;
}

export interface BondPaymentDependencies {
  readonly database: Database;
  readonly ledger: Ledger;
}

type Sql = Database['sql'] | Tx;

/** R50: every transfer of a year's redemptions is made by its 20 December. */
export const paymentDeadlineOf = (claimDate: BusinessDate) => `${claimDate.slice(0, 4)}-12-20`;

function payloadOf(raw: unknown): BondPaymentPayload {
  const record = payloadRecord(raw, 'payload');
  const text = (field: keyof BondPaymentPayload) => payloadText(record, field);
  return { claimId: text('claimId'), payeeName: text('payeeName'), payeeAccount: text('payeeAccount'), bankCode: text('bankCode'), amount: text('amount') };
}

/**
 * What makes a payment of a claim payable today: the claim verified and recorded here (surrender first, R49 — a
 * claim that was never verified does not exist to pay), not paid before, the amount its principal and interest,
 * the bank's account well formed, and the year's 20 December not passed (R50).
 */
async function payable(sql: Sql, ledger: Ledger, treasuryId: string, payload: BondPaymentPayload): Promise<{ claim: ClaimRecord; day: BusinessDate }> {
  const claim = /^[1-9][0-9]{0,18}$/.test(payload.claimId) ? await bondRepository.claimById(sql, payload.claimId) : undefined;
  if (!claim || claim.treasuryId !== treasuryId) {
    throw notFound('CLAIM_NOT_FOUND', `no verified claim ${payload.claimId.slice(0, 24)} at ${treasuryId}: instruments are surrendered and checked before anything is paid (R49)`);
  }
  if (await bondRepository.claimPaid(sql, claim.id)) throw alreadyExists('CLAIM_ALREADY_PAID', `claim ${claim.claimNumber} was paid`);
  const due = parseAmount(claim.faceTotal).plus(claim.interestTotal);
  if (!parseAmount(payload.amount).equals(due)) throw failedPrecondition('AMOUNT_NOT_CLAIM_TOTAL', `the claim's principal and interest are ${due.toFixed(2)}`, { due: due.toFixed(2) });
  if (!/^[0-9A-Za-z-]{1,34}$/.test(payload.payeeAccount) || !/^[0-9]{12}$/.test(payload.bankCode) || !payload.payeeName.trim()) {
    throw invalidArgument('BAD_VOUCHER_ELEMENTS', "the bank's name, account and twelve-digit CNAPS code are required", { field: 'payee' });
  }
  const day = (await ledger.days.current(treasuryId)).date;
  const deadline = paymentDeadlineOf(claim.claimDate);
  if (day > deadline) throw failedPrecondition('BOND_PAYMENT_DEADLINE_PASSED', `redemptions of ${claim.claimDate.slice(0, 4)} are paid by ${deadline}; it is ${day} (R50)`, { deadline });
  return { claim, day };
}

/**
 * The payment to the bank (principal and interest it paid out) from the head office's funds (上下级国库往来) through
 * clearing, and — the money gone — the bond receipts written off the off-balance books (R50); bearer bonds stay
 * there until destroyed next year.
 */
async function draftOf(ledger: Ledger, treasuryId: string, claim: ClaimRecord, amount: string, sql: Sql): Promise<VoucherDraft> {
  const accounts = await ledger.setup.accountsOf(treasuryId);
  const numberOf = (matches: (a: (typeof accounts)[number]) => boolean, what: string) => {
    const account = accounts.find(matches);
    if (!account) throw failedPrecondition('NO_ACCOUNT', `treasury ${treasuryId} has no ${what} account`);
    return account.number;
  };
  const money = parseAmount(amount);
  const receipts = (await bondRepository.faceValueOfClaim(sql, claim.id)).get('bond_receipt');
  return {
    kind: 'ordinary',
    summary: `国债兑付 划款 ${claim.claimNumber}（本金 ${claim.faceTotal}，利息 ${claim.interestTotal}）`,
    documents: [{ kind: 'redemption_claim', reference: `claim:${claim.id}` }],
    lines: [
      { accountNumber: numberOf((a) => a.subject.role === 'inter_treasury', 'inter-treasury'), side: 'debit', amount: money, fiscalLevel: null, classificationCode: null },
      { accountNumber: numberOf((a) => a.subject.role === 'clearing', 'clearing'), side: 'credit', amount: money, fiscalLevel: null, classificationCode: null },
      ...(receipts && !parseAmount(receipts).isZero()
        ? [{ accountNumber: numberOf((a) => a.subject.code === '7011', 'bond receipts'), side: 'payment' as const, amount: parseAmount(receipts), fiscalLevel: null, classificationCode: null }]
        : []),
    ],
  };
}

/**
 * 国债兑付划款 (R49–R51): a verified claim paid to the entrusted bank, entered by the fiscal operator, reviewed, its
 * payee elements audited blind (money leaves, R18(3)), and approved by the supervisor (an outward transfer,
 * R19(3)). Executed: the voucher, the payment row, the instruction through the clearing channel, and the
 * notice to the upper treasury (R51), in one transaction.
 */
export function bondPaymentAction(dependencies: BondPaymentDependencies): ActionDefinition<BondPaymentPayload> {
  const { database, ledger } = dependencies;
  return {
    policy: { kind: 'bond_payment', permission: 'bond.pay' },
    async parse(raw, treasuryId) {
      const payload = payloadOf(raw);
      const { claim } = await payable(database.sql, ledger, treasuryId, payload);
      await ledger.checkDraft(treasuryId, await draftOf(ledger, treasuryId, claim, payload.amount, database.sql));
      return payload;
    },
    targetOf: (payload) => `bond-claim:${payload.claimId}`,
    amountOf: (payload) => payload.amount,
    keyElementsOf: (payload) => ({ payeeAccount: payload.payeeAccount, payeeName: payload.payeeName, bankCode: payload.bankCode, amount: payload.amount }),
    important: () => true,
    async execute(tx: Tx, payload: BondPaymentPayload, context: ActionContext) {
      await bondRepository.lockClaim(tx, payload.claimId);
      const { claim } = await payable(tx, ledger, context.treasuryId, payload);
      const voucher = await ledger.postApproved(tx, context.initiator, { checkerId: context.approver.userId, requestId: context.requestId }, {
        treasuryId: context.treasuryId,
        draft: await draftOf(ledger, context.treasuryId, claim, payload.amount, tx),
      });
      const paymentId = await bondRepository.addPayment(tx, { ...payload, claimId: claim.id, treasuryId: context.treasuryId, voucherId: voucher.id, approvalRequestId: context.requestId, businessDate: voucher.businessDate });
      await queueInstruction(tx, 'bond_payment', paymentId, { treasuryId: context.treasuryId, channel: 'cnaps', payeeName: payload.payeeName, payeeAccount: payload.payeeAccount, bankCode: payload.bankCode, amount: payload.amount });
      const treasury = (await ledger.setup.treasuries()).find((t) => t.id === context.treasuryId);
      await bondRepository.addNotification(tx, {
        claimId: claim.id,
        treasuryId: context.treasuryId,
        upperTreasuryId: treasury?.parentId ?? '',
        summary: `国债兑付 ${claim.claimNumber}：${claim.instruments} 张，本金 ${claim.faceTotal}，利息 ${claim.interestTotal}，已划款`,
        businessDate: voucher.businessDate,
      });
      return { paymentId, voucherId: voucher.id, businessDate: voucher.businessDate };
    },
  };
}
