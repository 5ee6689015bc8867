import { DomainError, excerpt, failedPrecondition, invalidArgument, parseBusinessDate, parsePositiveAmount, type Amount, type BusinessDate } from '@jinku/kernel';

/** What a refund returns: a receipt on record, or an export tax refund paid by plan, which names none (R33(4)). */
export type RefundOriginal = { readonly kind: 'receipt'; readonly authorityCode: string; readonly messageId: string } | { readonly kind: 'export_plan'; readonly reference: string };

/** How the request reached the treasury: on paper, through the link, or by word of mouth, which is refused (R34(4)). */
export const REQUEST_FORMS = ['written', 'electronic', 'verbal', 'telephone'] as const;
const SPOKEN_FORMS: readonly string[] = ['verbal', 'telephone'];

/** A refund as the operator enters it from the collecting authority's documents; every field a string, as on the wire. */
export interface RefundDocument {
  /** Null when the documents name neither a receipt nor an export plan. */
  readonly original: RefundOriginal | null;
  /** The approving authority: its code (its specimen card's unit id) and its kind (`APPROVING_AUTHORITIES`). */
  readonly authorityCode: string;
  readonly authorityKind: string;
  /** The approval (审批文件/退库批复) and its date: the specimen card in force on that date judges its seal. */
  readonly approvalDocument: string;
  readonly approvalDate: string;
  /** The refund voucher (收入退还书 or 电子退库清单) and the application (退库申请) (R33(4)). */
  readonly refundVoucherNumber: string;
  readonly applicationReference: string;
  readonly payeeName: string;
  readonly payeeAccount: string;
  /** The receiving bank's CNAPS code (汇入行号). */
  readonly bankCode: string;
  readonly amount: string;
  readonly reason: string;
  readonly requestForm: string;
  /** The amount on each further copy (联次) presented; every one must be the refund's (R34(8)). */
  readonly copyAmounts: readonly string[];
}

/** A refund document whose elements passed R34(4)–(6) and (8). */
export interface CheckedRefund {
  readonly document: RefundDocument;
  readonly original: RefundOriginal;
  readonly amount: Amount;
  readonly approvalDate: BusinessDate;
}

/** A bank account as the bank forms carry it: letters, digits and hyphens, no spaces. */
const PAYEE_ACCOUNT = /^[0-9A-Za-z-]{1,34}$/;
/** A CNAPS bank code (支付系统行号): twelve digits. */
const BANK_CODE = /^[0-9]{12}$/;

const blank = (value: string) => value.trim() === '';
/** The names whose check failed, in order. */
const failing = (checks: readonly (readonly [string, boolean])[]) => checks.filter(([, failed]) => failed).map(([name]) => name);

const badElement = (field: string, what: string) => invalidArgument('BAD_VOUCHER_ELEMENTS', `${field} ${what} (R34(6))`, { field });

function assertWritten(document: RefundDocument): void {
  if (SPOKEN_FORMS.includes(document.requestForm)) {
    throw failedPrecondition('VERBAL_REQUEST', `a refund requested by ${document.requestForm === 'verbal' ? 'word of mouth' : 'telephone'} is never made: it needs the written documents (R34(4))`);
  }
  if (!(REQUEST_FORMS as readonly string[]).includes(document.requestForm)) {
    throw badElement('request_form', `is one of ${REQUEST_FORMS.join(', ')}, got "${excerpt(document.requestForm, 20)}"`);
  }
}

/** R33(4), R34(5): the approval, the refund voucher, the application and the original receipt (not for an export plan). */
function assertDocuments(document: RefundDocument): RefundOriginal {
  const { original } = document;
  const missing = failing([
    ['original_receipt', !original || (original.kind === 'receipt' ? blank(original.authorityCode) || blank(original.messageId) : blank(original.reference))],
    ['approving_authority_code', blank(document.authorityCode)],
    ['approval_document', blank(document.approvalDocument)],
    ['refund_voucher_number', blank(document.refundVoucherNumber)],
    ['application_reference', blank(document.applicationReference)],
  ]);
  if (missing.length > 0) {
    throw invalidArgument('MISSING_DOCUMENTS', `a refund needs the approval, the refund voucher, the application and the original receipt; missing: ${missing.join(', ')} (R33(4), R34(5))`, {
      missing: missing.join(','),
    });
  }
  return original!;
}

/** An element the kernel parses, its refusal told as the voucher's: BAD_VOUCHER_ELEMENTS naming the field. */
function element<T>(parse: () => T, field: string, what: string): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof DomainError) throw badElement(field, what);
    throw error;
  }
}

const amountElement = (text: string, field: string): Amount =>
  element(() => parsePositiveAmount(text, field), field, `is a positive amount in yuan with at most two decimals, got "${excerpt(text, 24)}"`);

/** R34(6): every element the refund voucher must carry, well formed; the approval not dated after `today`. */
function assertElements(document: RefundDocument, today: BusinessDate): { amount: Amount; approvalDate: BusinessDate } {
  if (blank(document.payeeName)) throw badElement('payee_name', 'is required');
  if (!PAYEE_ACCOUNT.test(document.payeeAccount)) throw badElement('payee_account', 'is 1 to 34 letters, digits or hyphens');
  if (!BANK_CODE.test(document.bankCode)) throw badElement('bank_code', 'is the twelve-digit CNAPS code of the receiving bank');
  if (blank(document.authorityKind)) throw badElement('approving_authority_kind', 'is required');
  if (blank(document.reason)) throw badElement('reason', 'is required: why the revenue is refunded');
  const amount = amountElement(document.amount, 'amount');
  const approvalDate = element(() => parseBusinessDate(document.approvalDate, 'approval_date'), 'approval_date', `is a date YYYY-MM-DD, got "${excerpt(document.approvalDate, 20)}"`);
  if (approvalDate > today) throw badElement('approval_date', `${approvalDate} is after today, ${today}`);
  return { amount, approvalDate };
}

/** R34(8): every copy says the same amount as the refund. */
function assertCopiesAgree(copyAmounts: readonly string[], amount: Amount): void {
  copyAmounts.forEach((text, index) => {
    if (!amountElement(text, `copy_amounts[${index}]`).equals(amount)) {
      throw invalidArgument('COPIES_DISAGREE', `copy ${index + 1} says ${excerpt(text, 24)}, the refund ${amount.toFixed(2)}: the copies must agree (R34(8))`, {
        field: `copy_amounts[${index}]`,
      });
    }
  });
}

/**
 * What can be told from the refund's documents alone, in the order a treasury turns them away: a spoken
 * request (R34(4)), missing documents (R33(4), R34(5)), malformed elements (R34(6)), copies that disagree
 * (R34(8)). `today` is the treasury's calendar date: no approval is dated after it.
 */
export function checkRefundDocument(document: RefundDocument, today: BusinessDate): CheckedRefund {
  assertWritten(document);
  const original = assertDocuments(document);
  const { amount, approvalDate } = assertElements(document, today);
  assertCopiesAgree(document.copyAmounts, amount);
  return { document, original, amount, approvalDate };
}

/** R33(3), R34(3): refunded money goes only to whoever applied, the payer of the original receipt. */
export function assertPayeeIsPayer(document: Pick<RefundDocument, 'payeeName' | 'payeeAccount'>, payer: { readonly name: string; readonly account: string }): void {
  const differing = failing([
    ['payee_name', document.payeeName.trim() !== payer.name.trim()],
    ['payee_account', document.payeeAccount.trim() !== payer.account.trim()],
  ]);
  if (differing.length > 0) {
    throw failedPrecondition('PAYEE_NOT_APPLICANT', `a refund is paid only to the payer of the original receipt; ${differing.join(' and ')} differ (R33(3), R34(3))`, {
      fields: differing.join(','),
    });
  }
}
