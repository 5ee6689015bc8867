import type { ApprovalRequest, RegisterQuery } from '@jinku/approvals';
import type { Database } from '@jinku/db';
import { checkPlanSubmission, checkQuotaSubmission, releaseDeadline, type MonitoringHit, type MonitoringRule, type PlanSubmission, type QuotaSubmission } from '@jinku/disbursement-domain';
import { authorize, isAuthorized, notFound, treasuryDate, type Actor, type BusinessDate } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import type { BusinessCalendar } from '@jinku/ledger-domain';
import { planRowsOf, quotaRowsOf } from './budget-entry';
import { budgetRepository } from './budget-repository';
import { instructionRepository, type InstructionState } from './instructions';
import { monitoringRepository } from './monitoring';
import type { PaymentPayload } from './payload';
import { paymentRepository, type PaymentRecord } from './payment-register';
import { quotaUseLinesOf, type QuotaUseLine } from './quota-use';

/** The approvals register, where payments wait for their steps: the disbursement lists read it. */
export interface RequestRegister {
  register(actor: Actor, query: RegisterQuery): Promise<ApprovalRequest[]>;
  pendingOfKinds(kinds: readonly string[]): Promise<{ treasuryId: string; enteredAt: Date }[]>;
}

/** A payment made, with where its instruction stands and whether it came back. */
export interface PaymentView extends PaymentRecord {
  readonly instruction: InstructionState | null;
  readonly returned: boolean;
}

/** A payment request still waiting after its R36 deadline. */
export interface OverduePayment {
  readonly request: ApprovalRequest;
  readonly receivedOn: BusinessDate;
  readonly deadline: BusinessDate;
}

/** A payment request a monitoring rule held, and what became of it. */
export interface HeldPayment {
  readonly request: ApprovalRequest;
  readonly hits: readonly MonitoringHit[];
}

const PAYMENT_REQUEST_KINDS = ['appropriation', 'payment_clearing'] as const;

/** R36: received on the calendar day the request was entered, due out by the next business day. */
function deadlineOf(calendar: BusinessCalendar, enteredAt: Date): { receivedOn: BusinessDate; deadline: BusinessDate } {
  const receivedOn = treasuryDate(enteredAt);
  return { receivedOn, deadline: releaseDeadline(calendar, receivedOn) };
}

/** How a submission of budget data went: the lines it added; none when the document had been taken before. */
export interface BudgetDataTaken {
  readonly linesAdded: number;
}

/**
 * The disbursement context: budget data from the finance bureaus' systems (plans with supplements, agency-bank
 * quotas) and the register of payments made. Payments themselves are made through approvals
 * (`appropriationAction`, `clearingAction`). Every call authorizes its caller first.
 */
export function createDisbursement(database: Database, contexts: { readonly ledger: Ledger; readonly approvals: RequestRegister }) {
  const { sql } = database;
  const { ledger, approvals } = contexts;
  const viewsOf = async (payments: readonly PaymentRecord[]): Promise<PaymentView[]> => {
    const ids = payments.map((payment) => payment.id);
    const [states, returned] = await Promise.all([instructionRepository.statesOf(sql, ids), paymentRepository.returnedAmong(sql, ids)]);
    return payments.map((payment) => ({ ...payment, instruction: states.get(payment.id) ?? null, returned: returned.has(payment.id) }));
  };
  const paymentRequests = (actor: Actor, query: Omit<RegisterQuery, 'kind'>) =>
    Promise.all(PAYMENT_REQUEST_KINDS.map((kind) => approvals.register(actor, { ...query, kind }))).then((lists) => lists.flat());
  const paymentNotFound = (paymentId: string) => notFound('PAYMENT_NOT_FOUND', `no payment ${paymentId.slice(0, 24)}`);
  return {
    /** A plan or a supplement from the bureau's system, for the actor's treasury; a document sent again adds nothing. */
    async submitPlan(actor: Actor, submission: PlanSubmission): Promise<BudgetDataTaken> {
      authorize(actor, 'budget.submit', actor.treasuryId);
      checkPlanSubmission(submission);
      const rows = planRowsOf(actor.treasuryId, actor.userId, submission);
      return { linesAdded: await sql.begin((tx) => budgetRepository.addPlanLines(tx, rows)) };
    },

    /** Quotas the bureau issues to an agency bank; a document sent again adds nothing. */
    async issueQuotas(actor: Actor, submission: QuotaSubmission): Promise<BudgetDataTaken> {
      authorize(actor, 'budget.submit', actor.treasuryId);
      checkQuotaSubmission(submission);
      const rows = quotaRowsOf(actor.treasuryId, actor.userId, submission);
      return { linesAdded: await sql.begin((tx) => budgetRepository.addQuotas(tx, rows)) };
    },

    /** One payment made; one of a treasury out of the actor's reach is as unknown as one never made. */
    async getPayment(actor: Actor, paymentId: string): Promise<PaymentView> {
      if (!/^[1-9][0-9]{0,18}$/.test(paymentId)) throw paymentNotFound(paymentId);
      const payment = await paymentRepository.byId(sql, paymentId);
      if (!payment || !isAuthorized(actor, 'disbursement.read', payment.treasuryId)) throw paymentNotFound(paymentId);
      return (await viewsOf([payment]))[0]!;
    },

    /** The payments a treasury made on a business day, in the order they were made. */
    async paymentsOfDay(actor: Actor, treasuryId: string, businessDate: BusinessDate): Promise<PaymentView[]> {
      authorize(actor, 'disbursement.read', treasuryId);
      return viewsOf(await paymentRepository.ofDay(sql, treasuryId, businessDate));
    },

    /**
     * R36: payment requests of the treasury still waiting after the business day following the one they were
     * received on, oldest first.
     */
    async overdue(actor: Actor, treasuryId: string): Promise<OverduePayment[]> {
      authorize(actor, 'disbursement.read', treasuryId);
      const [pending, calendar, day] = await Promise.all([paymentRequests(actor, { treasuryId, status: 'pending' }), ledger.calendar.inForce(), ledger.days.current(treasuryId)]);
      return pending
        .map((request) => ({ request, ...deadlineOf(calendar, request.createdAt) }))
        .filter((item) => item.deadline < day.date)
        .sort((a, b) => a.request.createdAt.getTime() - b.request.createdAt.getTime());
    },

    /** An agency bank's quota use over a period, per budget unit and codes (R57(3)): the treasury's side of its statement. */
    async quotaUseLines(actor: Actor, treasuryId: string, agencyBankCode: string, from: BusinessDate, to: BusinessDate): Promise<QuotaUseLine[]> {
      authorize(actor, 'disbursement.read', treasuryId);
      return quotaUseLinesOf(database, treasuryId, agencyBankCode, from, to);
    },

    /** Trusted, for the server's metrics: how many payment requests each treasury has overdue (R36). */
    async overdueCounts(): Promise<Map<string, number>> {
      const [pending, calendar] = await Promise.all([approvals.pendingOfKinds(PAYMENT_REQUEST_KINDS), ledger.calendar.inForce()]);
      const counts = new Map<string, number>();
      for (const treasuryId of new Set(pending.map((request) => request.treasuryId))) {
        const today = (await ledger.days.current(treasuryId)).date;
        counts.set(treasuryId, pending.filter((request) => request.treasuryId === treasuryId && deadlineOf(calendar, request.enteredAt).deadline < today).length);
      }
      return counts;
    },

    /** Payment requests a monitoring rule held, entered between `from` and `to`, with the supervisor's decision in their steps. */
    async heldPayments(actor: Actor, treasuryId: string, from?: BusinessDate, to?: BusinessDate): Promise<HeldPayment[]> {
      authorize(actor, 'disbursement.read', treasuryId);
      const requests = await paymentRequests(actor, { treasuryId, from, to });
      return requests.flatMap((request) => {
        const hits = (request.payload as PaymentPayload | null)?.monitoringHits ?? [];
        return hits.length > 0 ? [{ request, hits }] : [];
      });
    },

    /** The monitoring rules of the actor's jurisdiction, every version, in the order recorded. */
    async monitoringRules(actor: Actor): Promise<MonitoringRule[]> {
      authorize(actor, 'disbursement.read', actor.treasuryId);
      return monitoringRepository.all(sql, actor.jurisdictionId);
    },


  };
}

export type Disbursement = ReturnType<typeof createDisbursement>;
