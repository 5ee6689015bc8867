import { invalidArgument, sumAmounts, type Amount, type BusinessDate } from '@jinku/kernel';
import type { Account, Side } from './chart';
import type { FiscalLevel } from './fiscal-level';

/** ordinary: 蓝字 entry; reversal: 红字 negative copy of a wrong voucher; correction: the blue re-entry (R30). */
export type VoucherKind = 'ordinary' | 'reversal' | 'correction';

/** An original document (原始凭证) behind a voucher; electronic ones count (R26). */
export interface SourceDocument {
  readonly kind: string;
  readonly reference: string;
}

export interface VoucherLineDraft {
  readonly accountNumber: string;
  readonly side: Side;
  readonly amount: Amount;
  readonly fiscalLevel: FiscalLevel | null;
  readonly classificationCode: string | null;
}

export interface VoucherDraft {
  readonly kind: VoucherKind;
  readonly summary: string;
  readonly documents: readonly SourceDocument[];
  readonly lines: readonly VoucherLineDraft[];
}

/** A validated line, bound to its account. */
export interface PostingLine {
  readonly account: Account;
  readonly side: Side;
  readonly amount: Amount;
  readonly fiscalLevel: FiscalLevel | null;
  readonly classificationCode: string | null;
}

export interface PostedVoucher {
  readonly id: string;
  readonly treasuryId: string;
  readonly businessDate: BusinessDate;
  readonly kind: VoucherKind;
  readonly summary: string;
  readonly documents: readonly SourceDocument[];
  readonly lines: readonly PostingLine[];
  readonly makerId: string;
  readonly idempotencyKey: string;
  readonly reversesVoucherId: string | null;
  readonly correctsVoucherId: string | null;
  /** The approver, when the voucher went through a maker-checker request (R18). */
  readonly checkerId: string | null;
  readonly approvalRequestId: string | null;
  readonly postedAt: Date;
}

export interface VoucherContext {
  readonly accountsByNumber: ReadonlyMap<string, Account>;
  readonly isKnownClassificationCode: (code: string) => boolean;
}

export const MAX_VOUCHER_LINES = 500;

/**
 * Checks a voucher's elements (R26, R30) and binds its lines to accounts. On-balance lines must
 * balance exactly (Σdebit = Σcredit); off-balance lines are single-sided 收/付. Reversal lines are
 * red (negative), all others blue (positive).
 */
export function validateVoucher(draft: VoucherDraft, context: VoucherContext): PostingLine[] {
  if (draft.lines.length === 0) throw invalidArgument('NO_LINES', 'a voucher needs at least one line');
  if (draft.lines.length > MAX_VOUCHER_LINES) {
    throw invalidArgument('TOO_MANY_LINES', `a voucher has at most ${MAX_VOUCHER_LINES} lines`);
  }
  if (draft.documents.length === 0 || draft.documents.some((d) => !d.kind.trim() || !d.reference.trim())) {
    throw invalidArgument('MISSING_SOURCE_DOCUMENT', 'a voucher must name its original documents (kind and reference), R26');
  }
  if (!draft.summary.trim()) throw invalidArgument('MISSING_SUMMARY', 'a voucher needs a summary (摘要)');

  const lines = draft.lines.map((line, index) => bindLine(draft.kind, line, index, context));
  const onBalance = lines.filter((line) => line.account.subject.balanceSheet === 'on');
  const debits = sumAmounts(onBalance.filter((l) => l.side === 'debit').map((l) => l.amount));
  const credits = sumAmounts(onBalance.filter((l) => l.side === 'credit').map((l) => l.amount));
  if (!debits.equals(credits)) {
    throw invalidArgument('UNBALANCED_VOUCHER', `on-balance debits ${debits.toFixed(2)} differ from credits ${credits.toFixed(2)}`, {
      debits: debits.toFixed(2),
      credits: credits.toFixed(2),
    });
  }
  if (onBalance.length === 1) {
    throw invalidArgument('UNBALANCED_VOUCHER', 'an on-balance line needs a counter line on the other side');
  }
  return lines;
}

function bindLine(kind: VoucherKind, line: VoucherLineDraft, index: number, context: VoucherContext): PostingLine {
  const field = `lines[${index}]`;
  const account = context.accountsByNumber.get(line.accountNumber);
  if (!account) {
    throw invalidArgument('UNKNOWN_ACCOUNT', `${field}: no account ${line.accountNumber} in this treasury`, { field, account: line.accountNumber });
  }
  const offBalance = account.subject.balanceSheet === 'off';
  if (offBalance !== (line.side === 'receipt' || line.side === 'payment')) {
    throw invalidArgument(
      'SIDE_NOT_ALLOWED',
      `${field}: ${offBalance ? 'off-balance accounts take receipt/payment' : 'on-balance accounts take debit/credit'}, got ${line.side}`,
      { field },
    );
  }
  const red = kind === 'reversal';
  if (red ? !line.amount.isNegative() : !line.amount.isPositive() || line.amount.isZero()) {
    throw invalidArgument('AMOUNT_SIGN', `${field}: ${red ? 'red reversal lines are negative' : 'amounts must be positive'}`, { field });
  }
  if (account.fiscalLevel && line.fiscalLevel && line.fiscalLevel !== account.fiscalLevel) {
    throw invalidArgument('FISCAL_LEVEL_MISMATCH', `${field}: account ${account.number} belongs to the ${account.fiscalLevel} level`, { field });
  }
  if (line.classificationCode !== null && !context.isKnownClassificationCode(line.classificationCode)) {
    throw invalidArgument('UNKNOWN_CLASSIFICATION_CODE', `${field}: unknown classification code ${line.classificationCode}`, { field });
  }
  return {
    account,
    side: line.side,
    amount: line.amount,
    fiscalLevel: line.fiscalLevel ?? account.fiscalLevel,
    classificationCode: line.classificationCode,
  };
}

/** The red copy of a posted voucher: same accounts and sides, negated amounts (R30). */
export function redReversalOf(voucher: PostedVoucher): VoucherLineDraft[] {
  return voucher.lines.map((line) => ({
    accountNumber: line.account.number,
    side: line.side,
    amount: line.amount.negated(),
    fiscalLevel: line.fiscalLevel,
    classificationCode: line.classificationCode,
  }));
}
