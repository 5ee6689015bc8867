import type { Database, Tx } from '@jinku/db';
import { alreadyExists, failedPrecondition, formatAmount, parseAmount, treasuryDate, type Actor, type BusinessDate } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import {
  assertMayApprove,
  assertPayeeIsPayer,
  assertWithinRemaining,
  checkRefundDocument,
  revenueLevelOf,
  splitRefund,
  type CheckedRefund,
  type RefundDocument,
} from '@jinku/refunds-domain';
import { standingOf, type ReceiptRecord, type Revenue } from '@jinku/revenue';
import type { Specimens } from '@jinku/seals';
import { refundBooksOf, type RefundBooks } from './books';
import { documentOf, type RevenueRefundPayload } from './payload';
import { refundRepository, type RefundPart } from './register';

/** What the refund action works with; the server passes the contexts it composed. */
export interface RefundDependencies {
  readonly database: Database;
  readonly ledger: Ledger;
  readonly revenue: Revenue;
  readonly specimens: Specimens;
  /** The treasury's calendar date no approval may be dated after; by default today's date in Asia/Shanghai. */
  readonly today?: () => BusinessDate;
}

/** A refund checked against the books as they stand: where each level's share comes from, and how money leaves. */
export interface RefundPlan {
  readonly checked: CheckedRefund;
  readonly books: RefundBooks;
  /** The original receipt; null for an export refund by plan. */
  readonly receipt: ReceiptRecord | null;
  /** Each level's share, from the account the receipt's revenue stands in (R33(2)); a share of 0.00 posts no line. */
  readonly shares: readonly RefundPart[];
}

/**
 * Export tax refunds by plan name no receipt and no code: they are reported under 税收收入 (class 101), the
 * class every export tax refund comes out of.
 */
const EXPORT_REFUND_REVENUE_CODE = '101';

/**
 * Where the refunded revenue sits at the refunding treasury, line by line: what the receipt holds now (its
 * parts, after earlier refunds and corrections), each in the account it stands in (the level's own, or the
 * inter-treasury account for a part another treasury keeps); an export refund by plan is central revenue,
 * returned from the central revenue account (since 2015 the central budget bears export tax refunds alone,
 * 国发〔2015〕10号).
 */
async function sourceOf(dependencies: RefundDependencies, sql: Database['sql'] | Tx, initiator: Actor, treasuryId: string, checked: CheckedRefund, books: RefundBooks) {
  const { original } = checked;
  if (original.kind === 'export_plan') {
    if (!books.centralRevenueAccount) throw failedPrecondition('NO_CENTRAL_REVENUE_ACCOUNT', `treasury ${treasuryId} keeps no central revenue account`);
    const part: RefundPart = { level: 'central', amount: formatAmount(checked.amount), accountNumber: books.centralRevenueAccount, treasuryId, revenueCode: EXPORT_REFUND_REVENUE_CODE };
    return { receipt: null, parts: [part] };
  }
  const receipt = await dependencies.revenue.getReceipt(initiator, original.authorityCode, original.messageId);
  if (receipt.treasuryId !== treasuryId) {
    throw failedPrecondition('RECEIPT_OF_OTHER_TREASURY', `the receipt was booked at ${receipt.treasuryId}: it is refunded there, from the accounts it was credited to (R33(2))`, {
      treasuryId: receipt.treasuryId,
    });
  }
  const standing = await standingOf(sql, original);
  const parts = standing.map((line): RefundPart => ({ level: line.level, amount: line.amount, accountNumber: line.accountNumber, treasuryId: line.keeperTreasuryId, revenueCode: line.revenueCode }));
  return { receipt, parts };
}

/** A refund voucher is refunded once: a second request for it is refused, whichever receipt it names. */
export const refundAlreadyMade = (document: Pick<RefundDocument, 'authorityCode' | 'refundVoucherNumber'>) =>
  alreadyExists('REFUND_ALREADY_MADE', `refund voucher ${document.refundVoucherNumber} of ${document.authorityCode} was already refunded`, {
    refundVoucherNumber: document.refundVoucherNumber,
  });

/**
 * Every check of R33–R34 but the seal's, against the books as `sql` sees them: at entry, again when the
 * final approval executes it, and then inside the approval's transaction after the receipt is locked, so
 * what is left of the receipt is read after every earlier refund and correction of it committed.
 */
export async function planRefund(
  dependencies: RefundDependencies,
  sql: Database['sql'] | Tx,
  initiator: Actor,
  treasuryId: string,
  payload: RevenueRefundPayload,
): Promise<RefundPlan> {
  const today = dependencies.today ?? (() => treasuryDate());
  const checked = checkRefundDocument(documentOf(payload), today());
  const { document } = checked;
  const books = await refundBooksOf(dependencies.ledger, treasuryId);
  const { receipt, parts } = await sourceOf(dependencies, sql, initiator, treasuryId, checked, books);
  assertMayApprove({
    authorityKind: document.authorityKind,
    authorityCode: document.authorityCode,
    treasury: books.treasuryKind,
    revenueLevel: revenueLevelOf(parts.map((part) => part.level)),
    collectedBy: receipt?.receipt.authorityCode ?? null,
  });
  if (receipt) assertPayeeIsPayer(document, { name: receipt.receipt.payerName, account: receipt.receipt.payerAccount });
  if (await refundRepository.voucherNumberUsed(sql, document.authorityCode, document.refundVoucherNumber)) throw refundAlreadyMade(document);
  const remaining = parts.map((part) => ({ ...part, amount: parseAmount(part.amount) }));
  assertWithinRemaining(remaining, checked.amount, receipt ? parseAmount(receipt.receipt.amount) : checked.amount);
  const shares = splitRefund(checked.amount, remaining).map((share) => ({ ...share, amount: formatAmount(share.amount) }));
  return { checked, books, receipt, shares };
}
