import {
  DomainError,
  excerpt,
  failedPrecondition,
  invalidArgument,
  parseBusinessDate,
  parsePositiveAmount,
  sumAmounts,
  type Amount,
  type BusinessDate,
} from '@jinku/kernel';

/** 更正 corrects an error in a receipt's elements (R40–R42); 调库 moves revenue for a change of policy (R43). */
export const CORRECTION_KINDS = ['correction', 'reallocation'] as const;
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];

/** Whose error it is (R40): the treasury's own, or a counterparty's that sends its correction (调库) notice. */
export const CORRECTION_ORIGINS = ['treasury', 'counterparty'] as const;
export type CorrectionOrigin = (typeof CORRECTION_ORIGINS)[number];

/** How the request reached the treasury; by word of mouth it is refused (R45(5)). */
export const REQUEST_FORMS = ['written', 'electronic', 'verbal', 'telephone'] as const;
const SPOKEN_FORMS: readonly string[] = ['verbal', 'telephone'];

/** What a level designation on a receipt may be: divided by the sharing rule, or one level's alone. */
export const DESIGNATIONS = ['shared', 'central', 'provincial', 'municipal', 'district'] as const;

/**
 * The kinds of document a correction rests on. `basis`: the correction notice's supporting documents (文件依据,
 * 有关文件资料, R41, R43); `explanation`: a written explanation (书面说明, R41; the treasury's own account of its
 * error); the rest are the prior-year documents of R44.
 */
export const DOCUMENT_KINDS = ['basis', 'explanation', 'mof_office_letter', 'inspection_report', 'audit_office_letter', 'audit_report', 'finance_opinion'] as const;

export interface CorrectionDocument {
  readonly kind: string;
  readonly reference: string;
}

/** One receipt's correction: how much of it moves from the code it stands under to where it belongs. */
export interface CorrectionItem {
  readonly authorityCode: string;
  readonly messageId: string;
  /** The code the money stands under now: the receipt's own, or the one an earlier correction moved it to. */
  readonly fromRevenueCode: string;
  readonly amount: string;
  /** Where it belongs: the code, the level designation, the region (empty: the receipt's own region). */
  readonly revenueCode: string;
  readonly designation: string;
  readonly region: string;
}

/** A correction (调库) notice as the income operator enters it; every field a string, as on the wire. */
export interface CorrectionNotice {
  readonly kind: string;
  readonly origin: string;
  /** The counterparty that sends the notice: its code (its specimen card's unit id) and kind; empty for the treasury's own. */
  readonly authorityCode: string;
  readonly authorityKind: string;
  /** 更正（调库）通知书: its number and date; for the treasury's own error, its internal correction form. */
  readonly noticeNumber: string;
  readonly noticeDate: string;
  readonly reason: string;
  readonly requestForm: string;
  readonly documents: readonly CorrectionDocument[];
  readonly items: readonly CorrectionItem[];
  /** The total written on each further copy (联次) presented; every one must be the notice's (R45(8)). */
  readonly copyTotals: readonly string[];
}

export interface CheckedItem {
  readonly item: CorrectionItem;
  readonly amount: Amount;
}

/** A notice whose elements passed R41 and R45(1), (4)–(5), (7)–(8). */
export interface CheckedNotice {
  readonly notice: CorrectionNotice;
  readonly kind: CorrectionKind;
  readonly origin: CorrectionOrigin;
  readonly noticeDate: BusinessDate;
  readonly items: readonly CheckedItem[];
  readonly total: Amount;
}

/** More receipts than one notice's detail list (明细更正清单) carries is a bulk job, not a correction. */
export const MAX_ITEMS = 500;
const REVENUE_CODE = /^[0-9]{3,9}$/;
const REGION = /^[0-9]{6}$/;

const blank = (value: string) => value.trim() === '';
const oneOf = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);
const badElement = (field: string, what: string) => invalidArgument('BAD_VOUCHER_ELEMENTS', `${field} ${what} (R45(7))`, { field });

function parsed<T>(parse: () => T, field: string, what: string): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof DomainError) throw badElement(field, what);
    throw error;
  }
}

const amountOf = (text: string, field: string): Amount => parsed(() => parsePositiveAmount(text, field), field, `is a positive amount in yuan with at most two decimals, got "${excerpt(text, 24)}"`);

/** R45(5) and R45(4): a written request, for a reason. */
function assertWrittenWithReason(notice: CorrectionNotice): void {
  if (SPOKEN_FORMS.includes(notice.requestForm)) {
    throw failedPrecondition('VERBAL_REQUEST', `a correction asked for by ${notice.requestForm === 'verbal' ? 'word of mouth' : 'telephone'} is never made: it needs the written notice (R45(5))`);
  }
  if (!oneOf(REQUEST_FORMS, notice.requestForm)) throw badElement('request_form', `is one of ${REQUEST_FORMS.join(', ')}, got "${excerpt(notice.requestForm, 20)}"`);
  if (blank(notice.reason)) throw failedPrecondition('NO_PROPER_REASON', 'a correction states why the receipt was wrong: without a proper reason none is made (R45(4))');
}

/** R45(1): the notice, who sends it, and the documents it rests on; R41: a summary correction only on a basis. */
function assertDocuments(notice: CorrectionNotice, origin: CorrectionOrigin): void {
  const missing = [
    ['notice_number', blank(notice.noticeNumber)],
    ['authority_code', origin === 'counterparty' && blank(notice.authorityCode)],
    ['documents', notice.documents.length === 0],
  ].flatMap(([name, isMissing]) => (isMissing ? [name as string] : []));
  if (missing.length > 0) {
    throw invalidArgument('MISSING_DOCUMENTS', `a correction needs its notice, who sends it and the documents it rests on; missing: ${missing.join(', ')} (R45(1))`, { missing: missing.join(',') });
  }
  notice.documents.forEach((document, index) => {
    if (!oneOf(DOCUMENT_KINDS, document.kind)) throw badElement(`documents[${index}].kind`, `is one of ${DOCUMENT_KINDS.join(', ')}`);
    if (blank(document.reference)) throw badElement(`documents[${index}].reference`, 'is required');
  });
  if (notice.items.length > 1) {
    // 财政、征收机关因特殊原因需要办理汇总更正的: the counterparty's basis or written explanation, the items its detail list.
    const based = notice.documents.some((document) => document.kind === 'basis' || document.kind === 'explanation');
    if (origin === 'treasury' || !based) {
      throw failedPrecondition('SUMMARY_WITHOUT_BASIS', `errors are corrected one by one; a summary correction of ${notice.items.length} receipts is made only on a finance or collecting authority's documented basis or written explanation with the detail list (R41)`);
    }
  }
}

function checkItem(item: CorrectionItem, index: number): CheckedItem {
  const field = (name: string) => `items[${index}].${name}`;
  if (blank(item.authorityCode) || blank(item.messageId)) throw badElement(field('receipt'), 'names the receipt by its authority code and message id');
  if (!REVENUE_CODE.test(item.fromRevenueCode)) throw badElement(field('from_revenue_code'), 'is 3 to 9 digits');
  if (!REVENUE_CODE.test(item.revenueCode)) throw badElement(field('revenue_code'), 'is 3 to 9 digits');
  if (!oneOf(DESIGNATIONS, item.designation)) throw badElement(field('designation'), `is one of ${DESIGNATIONS.join(', ')}`);
  if (item.region !== '' && !REGION.test(item.region)) throw badElement(field('region'), 'is a six-digit administrative code, or empty for the receipt’s own');
  return { item, amount: amountOf(item.amount, field('amount')) };
}

/** R45(7): every element well formed; the notice not dated after `today`; each receipt once. */
function checkElements(notice: CorrectionNotice, today: BusinessDate) {
  const kind = notice.kind;
  if (!oneOf(CORRECTION_KINDS, kind)) throw badElement('kind', `is one of ${CORRECTION_KINDS.join(', ')}`);
  const noticeDate = parsed(() => parseBusinessDate(notice.noticeDate, 'notice_date'), 'notice_date', `is a date YYYY-MM-DD, got "${excerpt(notice.noticeDate, 20)}"`);
  if (noticeDate > today) throw badElement('notice_date', `${noticeDate} is after today, ${today}`);
  if (notice.items.length === 0) throw badElement('items', 'lists at least one receipt');
  if (notice.items.length > MAX_ITEMS) throw badElement('items', `lists at most ${MAX_ITEMS} receipts`);
  const items = notice.items.map(checkItem);
  const receipts = new Set(notice.items.map((item) => `${item.authorityCode}\u001f${item.messageId}`));
  if (receipts.size < notice.items.length) throw badElement('items', 'names each receipt once');
  return { kind, noticeDate, items };
}

/** R45(8): every further copy carries the notice's total. */
function assertCopiesAgree(copyTotals: readonly string[], total: Amount): void {
  copyTotals.forEach((text, index) => {
    if (!amountOf(text, `copy_totals[${index}]`).equals(total)) {
      throw invalidArgument('COPIES_DISAGREE', `copy ${index + 1} says ${excerpt(text, 24)}, the notice ${total.toFixed(2)}: the copies must agree (R45(8))`, { field: `copy_totals[${index}]` });
    }
  });
}

/**
 * What can be told from the notice alone, in the order a treasury turns one away: a spoken request (R45(5)),
 * no proper reason (R45(4)), missing documents (R45(1)), a summary correction without its basis (R41),
 * malformed elements (R45(7)), copies that disagree (R45(8)); a reallocation only on a counterparty's notice
 * (R43). `today` is the treasury's calendar date.
 */
export function checkCorrectionNotice(notice: CorrectionNotice, today: BusinessDate): CheckedNotice {
  if (!oneOf(CORRECTION_ORIGINS, notice.origin)) throw badElement('origin', `is "treasury" (our own error) or "counterparty" (its notice)`);
  const origin = notice.origin;
  assertWrittenWithReason(notice);
  assertDocuments(notice, origin);
  const { kind, noticeDate, items } = checkElements(notice, today);
  if (kind === 'reallocation' && origin === 'treasury') {
    throw failedPrecondition('UNAUTHORIZED_REQUESTER', 'a reallocation (调库) is made on a finance or collecting authority’s notice, never on the treasury’s own (R43)', { article: 'R43' });
  }
  const total = sumAmounts(items.map((item) => item.amount));
  assertCopiesAgree(notice.copyTotals, total);
  return { notice, kind, origin, noticeDate, items, total };
}
