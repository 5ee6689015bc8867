import type { Database } from '@jinku/db';
import { checkPlanSubmission, checkQuotaSubmission, type PlanSubmission, type QuotaSubmission } from '@jinku/disbursement-domain';
import { authorize, formatAmount, isAuthorized, notFound, parseAmount, type Actor, type BusinessDate } from '@jinku/kernel';
import { budgetRepository } from './budget-repository';
import { paymentRepository, type PaymentRecord } from './payment-register';

/** How a submission of budget data went: the lines it added; none when the document had been taken before. */
export interface BudgetDataTaken {
  readonly linesAdded: number;
}

/**
 * The disbursement context: budget data from the finance bureaus' systems (plans with supplements, agency-bank
 * quotas) and the register of payments made. Payments themselves are made through approvals
 * (`appropriationAction`, `clearingAction`). Every call authorizes its caller first.
 */
export function createDisbursement(database: Database) {
  const { sql } = database;
  const paymentNotFound = (paymentId: string) => notFound('PAYMENT_NOT_FOUND', `no payment ${paymentId.slice(0, 24)}`);
  return {
    /** A plan or a supplement from the bureau's system, for the actor's treasury; a document sent again adds nothing. */
    async submitPlan(actor: Actor, submission: PlanSubmission): Promise<BudgetDataTaken> {
      authorize(actor, 'budget.submit', actor.treasuryId);
      checkPlanSubmission(submission);
      const rows = submission.lines.map((line) => ({
        treasury_id: actor.treasuryId,
        bureau_code: submission.bureauCode,
        year: submission.year,
        kind: submission.kind,
        document: submission.document,
        function_code: line.functionCode,
        economic_code: line.economicCode,
        amount: formatAmount(parseAmount(line.amount)),
        sent_by: actor.userId,
      }));
      return { linesAdded: await sql.begin((tx) => budgetRepository.addPlanLines(tx, rows)) };
    },

    /** Quotas the bureau issues to an agency bank; a document sent again adds nothing. */
    async issueQuotas(actor: Actor, submission: QuotaSubmission): Promise<BudgetDataTaken> {
      authorize(actor, 'budget.submit', actor.treasuryId);
      checkQuotaSubmission(submission);
      const rows = submission.lines.map((line) => ({
        treasury_id: actor.treasuryId,
        bureau_code: submission.bureauCode,
        agency_bank_code: submission.agencyBankCode,
        budget_unit_code: line.budgetUnitCode,
        year: submission.year,
        document: submission.document,
        function_code: line.functionCode,
        economic_code: line.economicCode,
        amount: formatAmount(parseAmount(line.amount)),
        sent_by: actor.userId,
      }));
      return { linesAdded: await sql.begin((tx) => budgetRepository.addQuotas(tx, rows)) };
    },

    /** One payment made; one of a treasury out of the actor's reach is as unknown as one never made. */
    async getPayment(actor: Actor, paymentId: string): Promise<PaymentRecord> {
      if (!/^[1-9][0-9]{0,18}$/.test(paymentId)) throw paymentNotFound(paymentId);
      const payment = await paymentRepository.byId(sql, paymentId);
      if (!payment || !isAuthorized(actor, 'disbursement.read', payment.treasuryId)) throw paymentNotFound(paymentId);
      return payment;
    },

    /** The payments a treasury made on a business day, in the order they were made. */
    async paymentsOfDay(actor: Actor, treasuryId: string, businessDate: BusinessDate): Promise<PaymentRecord[]> {
      authorize(actor, 'disbursement.read', treasuryId);
      return paymentRepository.ofDay(sql, treasuryId, businessDate);
    },
  };
}

export type Disbursement = ReturnType<typeof createDisbursement>;
