import { assertMayRequest, assertPriorYearDocuments, checkCorrectionNotice, topLevelOf, type CheckedItem, type CheckedNotice } from '@jinku/corrections-domain';
import type { Database, Tx } from '@jinku/db';
import { alreadyExists, failedPrecondition, formatAmount, parseAmount, sumAmounts, treasuryDate, type Actor, type BusinessDate } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import { splitRefund } from '@jinku/refunds-domain';
import { standingOf, type ReceiptRecord, type Revenue } from '@jinku/revenue';
import type { Specimens } from '@jinku/seals';
import { noticeOf, type RevenueCorrectionPayload } from './payload';
import { correctionRepository, type MovedPart } from './register';

/** What the correction action works with; the server passes the contexts it composed. */
export interface CorrectionDependencies {
  readonly database: Database;
  readonly ledger: Ledger;
  readonly revenue: Revenue;
  readonly specimens: Specimens;
  /** The treasury's calendar date no notice may be dated after; by default today's date in Asia/Shanghai. */
  readonly today?: () => BusinessDate;
}

/** One receipt's correction checked against the books: the parts taken back and the parts posted right. */
export interface PlannedItem {
  readonly checked: CheckedItem;
  readonly receipt: ReceiptRecord;
  readonly red: readonly MovedPart[];
  readonly blue: readonly MovedPart[];
}

export interface CorrectionPlan {
  readonly checked: CheckedNotice;
  /** Who the notice comes from: the counterparty's code, or the treasury's own id for its own error. */
  readonly sender: string;
  readonly items: readonly PlannedItem[];
  /** 清算账户: each receipt came in through it; its red and blue vouchers debit it back and again. */
  readonly clearingAccount: string;
}

/** A notice is acted on once: a second request for it is refused, whatever it lists. */
export const correctionAlreadyMade = (sender: string, noticeNumber: string) =>
  alreadyExists('CORRECTION_ALREADY_MADE', `notice ${noticeNumber.slice(0, 64)} of ${sender.slice(0, 20)} was already acted on`, { noticeNumber: noticeNumber.slice(0, 64) });

const sameParts = (a: readonly MovedPart[], b: readonly MovedPart[]) =>
  a.length === b.length && a.every((part, i) => JSON.stringify(part) === JSON.stringify(b[i]));

/**
 * What the receipt holds under the code the item moves it from, split by what each line holds (the refunds'
 * rule: rounded down, spare fens to the largest fractions, ties to the higher level), and where the amount
 * belongs, divided and routed as a receipt with the right elements would be.
 */
async function planItem(dependencies: CorrectionDependencies, sql: Database['sql'] | Tx, initiator: Actor, treasuryId: string, checked: CheckedItem): Promise<PlannedItem> {
  const { item, amount } = checked;
  const receipt = await dependencies.revenue.getReceipt(initiator, item.authorityCode, item.messageId);
  if (receipt.treasuryId !== treasuryId) {
    throw failedPrecondition('RECEIPT_OF_OTHER_TREASURY', `the receipt was booked at ${receipt.treasuryId}: it is corrected there (R40)`, { treasuryId: receipt.treasuryId });
  }
  const standing = (await standingOf(sql, item)).filter((line) => line.revenueCode === item.fromRevenueCode).map((line) => ({ ...line, amount: parseAmount(line.amount) }));
  const left = sumAmounts(standing.map((line) => line.amount));
  if (amount.greaterThan(left)) {
    throw failedPrecondition('CORRECTION_EXCEEDS_RECEIPT', `${formatAmount(amount)} exceeds the ${formatAmount(left)} receipt ${item.messageId.slice(0, 64)} holds under ${item.fromRevenueCode} (R45(10))`, {
      remaining: formatAmount(left),
    });
  }
  const red = splitRefund(amount, standing).map((share) => ({
    level: share.level,
    amount: formatAmount(share.amount),
    revenueCode: share.revenueCode,
    accountNumber: share.accountNumber,
    treasuryId: share.keeperTreasuryId,
  }));
  const region = item.region || receipt.receipt.region;
  const divided = await dependencies.revenue.divisionOf(initiator, treasuryId, { revenueCode: item.revenueCode, designation: item.designation, region, collectionDate: receipt.receipt.collectionDate }, amount);
  const blue = divided.map((part) => ({ level: part.level, amount: part.amount, revenueCode: item.revenueCode, accountNumber: part.accountNumber, treasuryId: part.treasuryId }));
  const moving = (parts: readonly MovedPart[]) => parts.filter((part) => part.amount !== '0.00');
  if (sameParts(moving(red), moving(blue))) {
    throw failedPrecondition('NOTHING_TO_CORRECT', `receipt ${item.messageId.slice(0, 64)} already stands as the correction would put it (R45(4))`);
  }
  return { checked, receipt, red, blue };
}

/**
 * Every check of R40–R45 but the seal's, against the books as `sql` sees them: at entry, again when the final
 * approval executes it, and inside the approval's transaction after the receipts are locked, so what each
 * receipt holds is read after every earlier refund and correction of it committed.
 */
export async function planCorrection(
  dependencies: CorrectionDependencies,
  sql: Database['sql'] | Tx,
  initiator: Actor,
  treasuryId: string,
  payload: RevenueCorrectionPayload,
): Promise<CorrectionPlan> {
  const today = dependencies.today ?? (() => treasuryDate());
  const checked = checkCorrectionNotice(noticeOf(payload), today());
  const { notice } = checked;
  const sender = checked.origin === 'treasury' ? treasuryId : notice.authorityCode;
  const items: PlannedItem[] = [];
  for (const item of checked.items) items.push(await planItem(dependencies, sql, initiator, treasuryId, item));

  const levels = items.flatMap((item) => [...item.red, ...item.blue].map((part) => part.level));
  const revenueLevel = topLevelOf(levels);
  if (checked.origin === 'counterparty') {
    assertMayRequest({ authorityKind: notice.authorityKind, authorityCode: notice.authorityCode, revenueLevel, collectedBy: items.map((item) => item.receipt.receipt.authorityCode) });
  }
  const day = (await dependencies.ledger.days.current(treasuryId)).date;
  if (items.some((item) => item.receipt.businessDate.slice(0, 4) < day.slice(0, 4))) assertPriorYearDocuments(revenueLevel, notice.documents);
  if (await correctionRepository.noticeUsed(sql, sender, notice.noticeNumber)) throw correctionAlreadyMade(sender, notice.noticeNumber);
  const accounts = await dependencies.ledger.setup.accountsOf(treasuryId);
  const clearingAccount = accounts.filter((a) => a.subject.role === 'clearing').map((a) => a.number).sort()[0];
  if (!clearingAccount) throw failedPrecondition('NO_CLEARING_ACCOUNT', `treasury ${treasuryId} has no clearing account`);
  return { checked, sender, items, clearingAccount };
}
