import type { ActionContext, ActionDefinition } from '@jinku/approvals';
import type { Tx } from '@jinku/db';
import { DomainError, failedPrecondition, formatAmount, parseAmount, sumAmounts, type Actor } from '@jinku/kernel';
import type { Reversal } from '@jinku/ledger';
import type { VoucherDraft, VoucherLineDraft } from '@jinku/ledger-domain';
import { APPROVING_AUTHORITIES, isAuthorityKind } from '@jinku/refunds-domain';
import { lockReceipt, recordAdjustment } from '@jinku/revenue';
import { presentationOf } from '@jinku/seals';
import { correctionAlreadyMade, planCorrection, type CorrectionDependencies, type CorrectionPlan, type PlannedItem } from './correction-plan';
import { correctionPayloadOf, type RevenueCorrectionPayload } from './payload';
import { correctionRepository, type MovedPart } from './register';

const UNIQUE_VIOLATION = '23505';

/**
 * R45(6): a counterparty's notice carries its seal and its representative's, checked against the card it filed,
 * in force on the notice's date, of the sender's kind (a bank or a budget unit cannot pose as a finance bureau).
 * The treasury's own correction carries none: its supervisor approves it (R40). SEAL_MISSING, SEAL_MISMATCH,
 * NO_SPECIMEN_CARD are the seals lib's refusals.
 */
async function assertSealed(dependencies: CorrectionDependencies, initiator: Actor, payload: RevenueCorrectionPayload, plan: CorrectionPlan): Promise<void> {
  if (plan.checked.origin === 'treasury') return;
  const { notice, noticeDate } = plan.checked;
  const card = await dependencies.specimens.inForce(initiator, notice.authorityCode, noticeDate);
  const expected = isAuthorityKind(notice.authorityKind) ? APPROVING_AUTHORITIES[notice.authorityKind].unitKind : undefined;
  if (card.unitKind !== expected) {
    throw failedPrecondition('UNAUTHORIZED_REQUESTER', `unit ${notice.authorityCode} filed its card as a ${card.unitKind}, not as a ${notice.authorityKind} (R45(10))`, { article: 'R45(10)' });
  }
  await dependencies.specimens.verifySpecimen(initiator, notice.authorityCode, presentationOf(payload.presented), noticeDate);
}

const lineOf = (part: MovedPart, sign: 1 | -1): VoucherLineDraft[] => {
  const amount = parseAmount(part.amount);
  return amount.isZero() ? [] : [{ accountNumber: part.accountNumber, side: 'credit', amount: sign < 0 ? amount.negated() : amount, fiscalLevel: part.level, classificationCode: part.revenueCode }];
};

/** The red and blue lines of one receipt's correction: the clearing debit taken back and given again, the parts moved. */
function linesOf(plan: CorrectionPlan, item: PlannedItem) {
  const { amount } = item.checked;
  const clearing = (value: typeof amount): VoucherLineDraft => ({ accountNumber: plan.clearingAccount, side: 'debit', amount: value, fiscalLevel: null, classificationCode: null });
  return {
    redLines: [clearing(amount.negated()), ...item.red.flatMap((part) => lineOf(part, -1))],
    blueLines: [clearing(amount), ...item.blue.flatMap((part) => lineOf(part, 1))],
  };
}

function commandsOf(plan: CorrectionPlan, treasuryId: string) {
  const { notice, kind } = plan.checked;
  const documents = [{ kind: kind === 'reallocation' ? 'reallocation_notice' : 'correction_notice', reference: `${plan.sender}/${notice.noticeNumber}` }, ...notice.documents];
  return plan.items.map((item) => ({
    treasuryId,
    voucherId: item.receipt.voucherId,
    summary: `${kind === 'reallocation' ? '调库' : '更正'} ${item.receipt.receipt.authorityCode}/${item.receipt.receipt.messageId} ${item.checked.item.fromRevenueCode} → ${item.checked.item.revenueCode} ${item.checked.item.designation}：${notice.reason}`,
    documents,
    ...linesOf(plan, item),
  }));
}

/** The ledger refuses to overdraw a level's deposit account; told here as R45(9). */
function asCorrectionRefusal(error: unknown): unknown {
  if (!(error instanceof DomainError) || error.reason !== 'INSUFFICIENT_BALANCE') return error;
  return failedPrecondition('INSUFFICIENT_BALANCE', `account ${error.details['account']} holds ${error.details['available']} today, less than the correction takes back from it (R45(9))`, error.details);
}

/** Each receipt's adjustment for the revenue reports and the remittance: red parts negative, blue positive. */
async function recordMoves(tx: Tx, plan: CorrectionPlan, context: ActionContext, businessDate: string): Promise<void> {
  for (const item of plan.items) {
    const { authorityCode, messageId } = item.receipt.receipt;
    const part = (moved: MovedPart, sign: 1 | -1) => ({
      authorityCode,
      revenueCode: moved.revenueCode,
      level: moved.level,
      accountNumber: moved.accountNumber,
      keeperTreasuryId: moved.treasuryId,
      amount: sign < 0 ? parseAmount(moved.amount).negated().toFixed(2) : moved.amount,
    });
    await recordAdjustment(tx, {
      kind: 'correction',
      treasuryId: context.treasuryId,
      businessDate,
      reference: `approval-request:${context.requestId}`,
      receipt: { authorityCode, messageId },
      parts: [...item.red.map((moved) => part(moved, -1)), ...item.blue.map((moved) => part(moved, 1))],
    });
  }
}

function registerRow(plan: CorrectionPlan, context: ActionContext, vouchers: readonly Reversal[]) {
  const { notice, kind, origin, noticeDate, total } = plan.checked;
  return {
    treasuryId: context.treasuryId,
    businessDate: vouchers[0]!.reversal.businessDate,
    kind,
    origin,
    authorityCode: plan.sender,
    authorityKind: origin === 'treasury' ? 'treasury' : notice.authorityKind,
    noticeNumber: notice.noticeNumber,
    noticeDate,
    reason: notice.reason,
    documents: notice.documents,
    total: formatAmount(total),
    items: plan.items.map((item, i) => ({
      receipt: { authorityCode: item.receipt.receipt.authorityCode, messageId: item.receipt.receipt.messageId },
      fromRevenueCode: item.checked.item.fromRevenueCode,
      amount: formatAmount(item.checked.amount),
      revenueCode: item.checked.item.revenueCode,
      designation: item.checked.item.designation,
      region: item.checked.item.region || item.receipt.receipt.region,
      red: item.red,
      blue: item.blue,
      redVoucherId: vouchers[i]!.reversal.id,
      blueVoucherId: vouchers[i]!.correction!.id,
    })),
    approvalRequestId: context.requestId,
  };
}

/**
 * 更正/调库 (R40–R45): a receipt's revenue moved from the code and levels it was booked under to where it belongs,
 * entered by the income operator from the erring party's notice — a finance or collecting authority's, sealed —
 * or as the treasury's own correction. Reviewed; the treasury's own error also approved by the accounting
 * supervisor (R40). Money does not leave: no key-element audit. Posted on the current business day as a red
 * voucher taking back the wrong part and a blue one posting it right, both linked to the receipt's voucher;
 * past days' books and reports stay as they were (R42). Every check runs at entry and again, under the
 * receipts' locks, at the final approval.
 */
export function revenueCorrectionAction(dependencies: CorrectionDependencies): ActionDefinition<RevenueCorrectionPayload> {
  const { database, ledger } = dependencies;
  return {
    policy: { kind: 'revenue_correction', permission: 'correction.enter' },
    async parse(raw, treasuryId, initiator) {
      const payload = correctionPayloadOf(raw);
      const plan = await planCorrection(dependencies, database.sql, initiator, treasuryId, payload);
      await assertSealed(dependencies, initiator, payload, plan);
      // The vouchers it would post are bound to the chart now, so they cannot fail on their texts or accounts later.
      for (const command of commandsOf(plan, treasuryId)) {
        const draft = (kind: VoucherDraft['kind'], lines: VoucherLineDraft[]): VoucherDraft => ({ kind, summary: command.summary, documents: command.documents, lines });
        await ledger.checkDraft(treasuryId, draft('reversal', command.redLines));
        await ledger.checkDraft(treasuryId, draft('correction', command.blueLines));
      }
      return payload;
    },
    targetOf: (payload) => `correction:${payload.origin === 'treasury' ? '' : payload.authorityCode}:${payload.noticeNumber}`,
    amountOf: (payload) => formatAmount(sumAmounts(payload.items.map((item) => parseAmount(item.amount)))),
    keyElementsOf: () => null,
    important: (payload) => payload.origin === 'treasury',
    async execute(tx, payload, context) {
      // In a fixed order, so two notices naming the same receipts cannot deadlock.
      const receipts = payload.items.map((item) => ({ authorityCode: item.receiptAuthorityCode, messageId: item.receiptMessageId }));
      receipts.sort((a, b) => (a.authorityCode + '\u001f' + a.messageId < b.authorityCode + '\u001f' + b.messageId ? -1 : 1));
      for (const receipt of receipts) await lockReceipt(tx, receipt);
      const plan = await planCorrection(dependencies, tx, context.initiator, context.treasuryId, payload);
      const vouchers = await ledger
        .correctPartsApproved(tx, context.initiator, { checkerId: context.approver.userId, requestId: context.requestId }, commandsOf(plan, context.treasuryId))
        .catch((error: unknown) => {
          throw asCorrectionRefusal(error);
        });
      const businessDate = vouchers[0]!.reversal.businessDate;
      await recordMoves(tx, plan, context, businessDate);
      const correctionId = await correctionRepository.append(tx, registerRow(plan, context, vouchers)).catch((error: { code?: string }) => {
        // Another request for the same notice was approved meanwhile.
        if (error.code === UNIQUE_VIOLATION) throw correctionAlreadyMade(plan.sender, plan.checked.notice.noticeNumber);
        throw error;
      });
      return { correctionId, businessDate, vouchers: String(vouchers.length * 2) };
    },
  };
}
