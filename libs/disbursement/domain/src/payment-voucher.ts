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
import { FISCAL_LEVELS } from '@jinku/ledger-domain';

/**
 * 实拨: a finance bureau's appropriation voucher (预算拨款凭证) paid from its account; 集中支付清算: an agency bank's
 * request to be paid back what it already paid for budget units from its zero-balance account (申请划款凭证, R35, R38).
 */
export const PAYMENT_KINDS = ['appropriation', 'clearing'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

/** Who the money goes to: a budget unit, or anyone else (a non-budget unit needs the bureau's documents, R37). */
export const PAYEE_KINDS = ['budget_unit', 'non_budget'] as const;

/** One line of what is paid: for a budget unit, under a function (功能分类) and an economic (经济分类) code. */
export interface PaymentLine {
  readonly budgetUnitCode: string;
  readonly functionCode: string;
  readonly economicCode: string;
  readonly amount: string;
}

/** A payment voucher as the fiscal operator enters it; every field a string, as on the wire. */
export interface PaymentVoucher {
  readonly kind: PaymentKind;
  /** The finance bureau whose account pays (its specimen card's unit id), and its budget's level. */
  readonly bureauCode: string;
  readonly budgetLevel: string;
  /** The agency bank that asks for clearing (its card's unit id); empty for an appropriation. */
  readonly agencyBankCode: string;
  /** The voucher's number, unique per sender, and its date. */
  readonly voucherNumber: string;
  readonly voucherDate: string;
  readonly payeeName: string;
  readonly payeeAccount: string;
  /** The receiving bank's CNAPS code (汇入行号). */
  readonly bankCode: string;
  readonly payeeKind: string;
  /** "transfer"; "cash" is refused (R35). */
  readonly settlement: string;
  readonly amount: string;
  /** An appropriation's one line, or the clearing request's detail: what the bank paid, per unit and code. */
  readonly lines: readonly PaymentLine[];
  /** The bureau's documents (文件、依据材料) for a non-budget payee or a large amount (R37, R39(5)). */
  readonly documents: readonly { readonly kind: string; readonly reference: string }[];
  /** The amount on each further copy (联次) presented; every one must be the voucher's (R39(8)). */
  readonly copyAmounts: readonly string[];
}

export interface CheckedLine {
  readonly line: PaymentLine;
  readonly amount: Amount;
}

/** A voucher whose elements passed R35 and R39(1), (2) (what the bank paid), (5) and (8). */
export interface CheckedPayment {
  readonly voucher: PaymentVoucher;
  readonly amount: Amount;
  readonly voucherDate: BusinessDate;
  readonly lines: readonly CheckedLine[];
  /** The year whose plan and quotas it draws on: the voucher's. */
  readonly year: number;
}

export interface PaymentRules {
  /** From this amount a payment needs the bureau's documents, as a payment to a non-budget unit does (R37). */
  readonly documentedFrom: Amount;
}

/** More lines than one clearing request's detail carries is a file, not a request. */
export const MAX_LINES = 1_000;
const ACCOUNT = /^[0-9A-Za-z-]{1,34}$/;
const BANK_CODE = /^[0-9]{12}$/;
const FUNCTION_CODE = /^2[0-9]{2}([0-9]{2}){0,2}$/;
const ECONOMIC_CODE = /^[35][0-9]{2}([0-9]{2})?$/;

/** The treasury pays local budgets from their deposit accounts (地方财政库款). */
const LOCAL_LEVELS: readonly string[] = FISCAL_LEVELS.filter((level) => level !== 'central');

const blank = (value: string) => value.trim() === '';
const badElement = (field: string, what: string) => invalidArgument('BAD_VOUCHER_ELEMENTS', `${field} ${what} (R39(1))`, { field });

function amountOf(text: string, field: string): Amount {
  try {
    return parsePositiveAmount(text, field);
  } catch (error) {
    if (error instanceof DomainError) throw badElement(field, `is a positive amount in yuan with at most two decimals, got "${excerpt(text, 24)}"`);
    throw error;
  }
}

function checkLine(line: PaymentLine, index: number, kind: PaymentKind): CheckedLine {
  const field = (name: string) => `lines[${index}].${name}`;
  if (kind === 'clearing' && blank(line.budgetUnitCode)) throw badElement(field('budget_unit_code'), 'names the budget unit the bank paid for');
  if (!FUNCTION_CODE.test(line.functionCode)) throw badElement(field('function_code'), 'is a function classification code (类/款/项: 3, 5 or 7 digits from 2)');
  if (!ECONOMIC_CODE.test(line.economicCode)) throw badElement(field('economic_code'), 'is an economic classification code (3 or 5 digits)');
  return { line, amount: amountOf(line.amount, field('amount')) };
}

function checkElements(voucher: PaymentVoucher, today: BusinessDate): { voucherDate: BusinessDate; amount: Amount } {
  const required: [string, string][] = [
    ['bureau_code', voucher.bureauCode],
    ['voucher_number', voucher.voucherNumber],
    ['payee_name', voucher.payeeName],
  ];
  if (voucher.kind === 'clearing') required.push(['agency_bank_code', voucher.agencyBankCode]);
  for (const [field, value] of required) if (blank(value)) throw badElement(field, 'is required');
  if (!LOCAL_LEVELS.includes(voucher.budgetLevel)) throw badElement('budget_level', `is the paying budget's level, one of ${LOCAL_LEVELS.join(', ')}`);
  if (!ACCOUNT.test(voucher.payeeAccount)) throw badElement('payee_account', 'is 1 to 34 letters, digits or hyphens');
  if (!BANK_CODE.test(voucher.bankCode)) throw badElement('bank_code', 'is the twelve-digit CNAPS code of the receiving bank');
  if (!(PAYEE_KINDS as readonly string[]).includes(voucher.payeeKind)) throw badElement('payee_kind', `is one of ${PAYEE_KINDS.join(', ')}`);
  let voucherDate: BusinessDate;
  try {
    voucherDate = parseBusinessDate(voucher.voucherDate, 'voucher_date');
  } catch {
    throw badElement('voucher_date', `is a date YYYY-MM-DD, got "${excerpt(voucher.voucherDate, 20)}"`);
  }
  if (voucherDate > today) throw badElement('voucher_date', `${voucherDate} is after today, ${today}`);
  return { voucherDate, amount: amountOf(voucher.amount, 'amount') };
}

/**
 * What can be told from the voucher alone, in the order a treasury turns one away: cash (R35), malformed
 * elements (R39(1)), a clearing request above what its detail says the bank paid (R39(2)), copies that disagree
 * (R39(8)), a non-budget payee or a large amount without the bureau's documents (R37, R39(5)).
 */
export function checkPaymentVoucher(voucher: PaymentVoucher, today: BusinessDate, rules: PaymentRules): CheckedPayment {
  if (voucher.settlement === 'cash') throw failedPrecondition('CASH_NOT_PAID', 'the treasury pays by transfer only, never in cash (R35)');
  if (voucher.settlement !== 'transfer') throw badElement('settlement', 'is "transfer"');
  const { voucherDate, amount } = checkElements(voucher, today);
  if (voucher.lines.length === 0 || voucher.lines.length > MAX_LINES) throw badElement('lines', `lists 1 to ${MAX_LINES} lines`);
  if (voucher.kind === 'appropriation' && voucher.lines.length !== 1) throw badElement('lines', 'of an appropriation is its one line: the unit and codes it is paid under');
  const lines = voucher.lines.map((line, index) => checkLine(line, index, voucher.kind));
  const detail = sumAmounts(lines.map((line) => line.amount));
  if (voucher.kind === 'clearing' && amount.greaterThan(detail)) {
    throw failedPrecondition('OVER_BANK_PAID', `the bank asks ${amount.toFixed(2)} but its detail shows ${detail.toFixed(2)} paid (R39(2))`, { paid: detail.toFixed(2) });
  }
  if (!amount.equals(detail)) throw badElement('lines', `sum to ${detail.toFixed(2)}, the voucher says ${amount.toFixed(2)}`);
  voucher.copyAmounts.forEach((text, index) => {
    if (!amountOf(text, `copy_amounts[${index}]`).equals(amount)) {
      throw invalidArgument('COPIES_DISAGREE', `copy ${index + 1} says ${excerpt(text, 24)}, the voucher ${amount.toFixed(2)}: the copies must agree (R39(8))`, { field: `copy_amounts[${index}]` });
    }
  });
  const needsDocuments = voucher.payeeKind === 'non_budget' || amount.greaterThanOrEqualTo(rules.documentedFrom);
  if (needsDocuments && !voucher.documents.some((document) => !blank(document.kind) && !blank(document.reference))) {
    throw failedPrecondition(
      'DOCUMENTS_REQUIRED',
      `${voucher.payeeKind === 'non_budget' ? 'a payment to a non-budget unit' : `a payment from ${rules.documentedFrom.toFixed(2)}`} is made only on the finance bureau's documents (R37, R39(5))`,
    );
  }
  return { voucher, amount, voucherDate, lines, year: Number(voucherDate.slice(0, 4)) };
}
