import { DomainError, excerpt, invalidArgument, parsePositiveAmount, type Amount } from '@jinku/kernel';

/** A budget expenditure plan (预算支出计划) or a supplement to it (追加计划), as the finance bureau's system sends it. */
export interface PlanSubmission {
  readonly bureauCode: string;
  readonly year: number;
  readonly kind: string;
  /** The plan's document number: a document is taken once. */
  readonly document: string;
  readonly lines: readonly { readonly functionCode: string; readonly economicCode: string; readonly amount: string }[];
}

/** Quotas (用款额度) the bureau issues to an agency bank, per budget unit and codes. */
export interface QuotaSubmission {
  readonly bureauCode: string;
  readonly agencyBankCode: string;
  readonly year: number;
  readonly document: string;
  readonly lines: readonly { readonly budgetUnitCode: string; readonly functionCode: string; readonly economicCode: string; readonly amount: string }[];
}

export const PLAN_KINDS = ['plan', 'supplement'] as const;
/** More lines than a bureau's whole classification carries is a mistake. */
export const MAX_BUDGET_LINES = 10_000;
const FUNCTION_CODE = /^2[0-9]{2}([0-9]{2}){0,2}$/;
const ECONOMIC_CODE = /^([35][0-9]{2}([0-9]{2})?)?$/;

const bad = (field: string, what: string) => invalidArgument('MALFORMED_BUDGET_DATA', `${field} ${what}`, { field });

function amountOf(text: string, field: string): Amount {
  try {
    return parsePositiveAmount(text, field);
  } catch (error) {
    if (error instanceof DomainError) throw bad(field, `is a positive amount in yuan, got "${excerpt(text, 24)}"`);
    throw error;
  }
}

function checkHeader(submission: { bureauCode: string; year: number; document: string; lines: readonly unknown[] }): void {
  if (!submission.bureauCode.trim()) throw bad('bureau_code', 'is required');
  if (!submission.document.trim()) throw bad('document', 'is required: a plan or quota document is taken once by its number');
  if (!Number.isInteger(submission.year) || submission.year < 2000 || submission.year > 2999) throw bad('year', 'is a four-digit year');
  if (submission.lines.length === 0 || submission.lines.length > MAX_BUDGET_LINES) throw bad('lines', `lists 1 to ${MAX_BUDGET_LINES} lines`);
}

function checkCodes(line: { functionCode: string; economicCode: string; amount: string }, index: number): void {
  if (!FUNCTION_CODE.test(line.functionCode)) throw bad(`lines[${index}].function_code`, 'is a function classification code (3, 5 or 7 digits from 2)');
  if (!ECONOMIC_CODE.test(line.economicCode)) throw bad(`lines[${index}].economic_code`, 'is an economic classification code (3 or 5 digits), or empty for any');
  amountOf(line.amount, `lines[${index}].amount`);
}

/** Refuses MALFORMED_BUDGET_DATA naming the field; nothing of a refused submission is kept. */
export function checkPlanSubmission(submission: PlanSubmission): void {
  checkHeader(submission);
  if (!(PLAN_KINDS as readonly string[]).includes(submission.kind)) throw bad('kind', `is one of ${PLAN_KINDS.join(', ')}`);
  submission.lines.forEach(checkCodes);
}

export function checkQuotaSubmission(submission: QuotaSubmission): void {
  checkHeader(submission);
  if (!submission.agencyBankCode.trim()) throw bad('agency_bank_code', 'is required');
  submission.lines.forEach((line, index) => {
    if (!line.budgetUnitCode.trim()) throw bad(`lines[${index}].budget_unit_code`, 'is required');
    checkCodes(line, index);
  });
}
