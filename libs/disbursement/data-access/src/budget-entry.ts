import { malformedPayload, payloadRecord, payloadText, type ActionDefinition } from '@jinku/approvals';
import { checkPlanSubmission, checkQuotaSubmission, MAX_BUDGET_LINES, type PlanSubmission, type QuotaSubmission } from '@jinku/disbursement-domain';
import { formatAmount, parseAmount } from '@jinku/kernel';
import { budgetRepository, type PlanLineRow, type QuotaRow } from './budget-repository';

/** A plan's lines as stored: who sent them (the bureau's system, or the person who entered the bureau's paper). */
export const planRowsOf = (treasuryId: string, sentBy: string, submission: PlanSubmission): PlanLineRow[] =>
  submission.lines.map((line) => ({
    treasury_id: treasuryId,
    bureau_code: submission.bureauCode,
    year: submission.year,
    kind: submission.kind,
    document: submission.document,
    function_code: line.functionCode,
    economic_code: line.economicCode,
    amount: formatAmount(parseAmount(line.amount)),
    sent_by: sentBy,
  }));

export const quotaRowsOf = (treasuryId: string, sentBy: string, submission: QuotaSubmission): QuotaRow[] =>
  submission.lines.map((line) => ({
    treasury_id: treasuryId,
    bureau_code: submission.bureauCode,
    agency_bank_code: submission.agencyBankCode,
    budget_unit_code: line.budgetUnitCode,
    year: submission.year,
    document: submission.document,
    function_code: line.functionCode,
    economic_code: line.economicCode,
    amount: formatAmount(parseAmount(line.amount)),
    sent_by: sentBy,
  }));

function linesOf<Field extends string>(record: Record<string, unknown>, fields: readonly Field[]): Record<Field, string>[] {
  const lines = record['lines'] ?? [];
  if (!Array.isArray(lines) || lines.length > MAX_BUDGET_LINES) throw malformedPayload('payload.lines', `a list of at most ${MAX_BUDGET_LINES}`);
  return lines.map((entry, index) => {
    const line = payloadRecord(entry, `payload.lines[${index}]`);
    return Object.fromEntries(fields.map((name) => [name, payloadText(line, name, `payload.lines[${index}]`)])) as Record<Field, string>;
  });
}

const yearOf = (record: Record<string, unknown>) => {
  if (!Number.isInteger(record['year'])) throw malformedPayload('payload.year', 'a year');
  return record['year'] as number;
};

/**
 * A bureau's plan or supplement that arrived on paper, entered by the fiscal operator, reviewed and approved by
 * the supervisor: what the bureau's system would send, with a person's entry checked by two others (R37).
 */
export function planEntryAction(): ActionDefinition<PlanSubmission> {
  return {
    policy: { kind: 'plan_entry', permission: 'disbursement.enter' },
    parse(raw) {
      const record = payloadRecord(raw, 'payload');
      const text = (field: string) => payloadText(record, field);
      const submission = { bureauCode: text('bureauCode'), year: yearOf(record), kind: text('kind'), document: text('document'), lines: linesOf(record, ['functionCode', 'economicCode', 'amount'] as const) };
      checkPlanSubmission(submission);
      return submission;
    },
    targetOf: (submission) => `plan:${submission.bureauCode}:${submission.document}`,
    amountOf: () => null,
    keyElementsOf: () => null,
    important: () => true,
    async execute(tx, submission, context) {
      return { linesAdded: String(await budgetRepository.addPlanLines(tx, planRowsOf(context.treasuryId, context.initiator.userId, submission))) };
    },
  };
}

/** Quotas that arrived on paper, entered, reviewed and approved like a plan. */
export function quotaEntryAction(): ActionDefinition<QuotaSubmission> {
  return {
    policy: { kind: 'quota_entry', permission: 'disbursement.enter' },
    parse(raw) {
      const record = payloadRecord(raw, 'payload');
      const text = (field: string) => payloadText(record, field);
      const submission = {
        bureauCode: text('bureauCode'),
        agencyBankCode: text('agencyBankCode'),
        year: yearOf(record),
        document: text('document'),
        lines: linesOf(record, ['budgetUnitCode', 'functionCode', 'economicCode', 'amount'] as const),
      };
      checkQuotaSubmission(submission);
      return submission;
    },
    targetOf: (submission) => `quota:${submission.bureauCode}:${submission.agencyBankCode}:${submission.document}`,
    amountOf: () => null,
    keyElementsOf: () => null,
    important: () => true,
    async execute(tx, submission, context) {
      return { linesAdded: String(await budgetRepository.addQuotas(tx, quotaRowsOf(context.treasuryId, context.initiator.userId, submission))) };
    },
  };
}
