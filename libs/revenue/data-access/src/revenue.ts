import type { Database } from '@jinku/db';
import { authorize, formatAmount, invalidArgument, isAuthorized, notFound, type Actor, type Amount, type BusinessDate } from '@jinku/kernel';
import { jurisdictionsOf, type Ledger } from '@jinku/ledger';
import { divide, ruleInForce, sharesFor, type BudgetLevelDesignation } from '@jinku/revenue-domain';
import { collectedLinesOf, jurisdictionTotalsOf, levelCodeLinesOf, type CollectedLine } from './collected-lines';
import { assertBookableAt, takeInReceipts, type ReceiptInput, type ReceiptOutcome, type ReceiptPart } from './intake';
import { receiptRecords, type ReceiptRecord } from './receipt-records';
import { remitDay, unremittedMessage, type RemittanceView } from './remittance';
import { RevenueRouting, type RegionDefinition } from './routing';
import { sharingRuleRepository, type RecordedSharingRule } from './sharing-rules';

/** A day's electronic tax payments arrive in large packages; beyond this a caller splits them. */
export const MAX_RECEIPTS_PER_CALL = 50_000;
/** Receipts are posted in chunks of this many vouchers, each chunk one group of the ledger. */
const CHUNK = 1_000;

/**
 * The revenue context: receipts taken in from the collecting authorities' links and divided between the
 * fiscal levels by the sharing parameters (R31–R32, R23). Every call authorizes its caller first.
 */
export function createRevenue(database: Database, ledger: Ledger) {
  const routing = new RevenueRouting(database, ledger);
  ledger.days.addCloseCheck('REVENUE_REMITTED', unremittedMessage);
  return {
    /**
     * Receipts from the actor's link, for its own treasury; the answer has one outcome per receipt, in
     * order, and a refused receipt leaves nothing behind while the others stand.
     */
    async submitReceipts(actor: Actor, receipts: readonly ReceiptInput[]): Promise<ReceiptOutcome[]> {
      authorize(actor, 'revenue.submit_receipts', actor.treasuryId);
      if (receipts.length > MAX_RECEIPTS_PER_CALL) {
        throw invalidArgument('TOO_MANY_RECEIPTS', `at most ${MAX_RECEIPTS_PER_CALL} receipts per call`, { maxCount: String(MAX_RECEIPTS_PER_CALL) });
      }
      const outcomes: ReceiptOutcome[] = [];
      for (let from = 0; from < receipts.length; from += CHUNK) {
        outcomes.push(...(await takeInReceipts(database, ledger, routing, actor, receipts.slice(from, from + CHUNK))));
      }
      return outcomes;
    },

    /**
     * One receipt by its authority and message id (refunds name the receipt they return, R33): readable by
     * the people of its treasury and of the branch above it, and by the link that sent it.
     */
    async getReceipt(actor: Actor, authorityCode: string, messageId: string): Promise<ReceiptRecord> {
      authorize(actor, 'revenue.read', actor.treasuryId);
      const record = await receiptRecords.byMessage(database.sql, authorityCode, messageId);
      // Another jurisdiction's receipt is as unknown as one that does not exist.
      if (!record || !isAuthorized(actor, 'revenue.read', record.treasuryId)) {
        throw notFound('RECEIPT_NOT_FOUND', `no receipt ${authorityCode.slice(0, 20)}/${messageId.slice(0, 64)} within reach`);
      }
      return record;
    },

    /** Day end: sends the open day's parts kept by other treasuries (R31); the day closes only after. */
    remit: (actor: Actor, treasuryId: string): Promise<RemittanceView[]> => remitDay(database, ledger, routing, actor, treasuryId),

    /** The sharing parameters of the actor's jurisdiction, every version (R19(1)). */
    async listSharingRules(actor: Actor): Promise<RecordedSharingRule[]> {
      // Every treasury of the jurisdiction divides by the branch's parameters: its people may read them.
      authorize(actor, 'revenue.read', actor.treasuryId);
      return sharingRuleRepository.all(database.sql, actor.jurisdictionId);
    },

    /**
     * How `amount` of a receipt with these elements is divided and where each part is credited at the booking
     * treasury — what a correction posts in blue (R42–R43): by the sharing rule of the jurisdiction in force on
     * the collection date, routed as the intake routes it (R23, R31). The actor is the correction's maker.
     */
    async divisionOf(
      actor: Actor,
      treasuryId: string,
      elements: { readonly revenueCode: string; readonly designation: string; readonly region: string; readonly collectionDate: BusinessDate },
      amount: Amount,
    ): Promise<ReceiptPart[]> {
      authorize(actor, 'revenue.read', treasuryId);
      assertBookableAt(elements.revenueCode, { id: treasuryId, isBranch: treasuryId === actor.jurisdictionId });
      const [rules, creditFor] = await Promise.all([sharingRuleRepository.inForce(database.sql, actor.jurisdictionId), routing.routerFor(treasuryId)]);
      const { revenueCode, region, collectionDate: date } = elements;
      const rule = elements.designation === 'shared' ? ruleInForce(rules, revenueCode, region, date) : undefined;
      const shares = sharesFor(elements.designation as BudgetLevelDesignation, rule, { revenueCode, region, date });
      return divide(amount, shares).map((part) => ({ level: part.level, amount: formatAmount(part.amount), ...creditFor(part.level, region) }));
    },

    /** What a collecting authority collected directly into a treasury over a period, item by item (R57(1)). */
    async collectedLines(actor: Actor, treasuryId: string, authorityCode: string, from: BusinessDate, to: BusinessDate): Promise<CollectedLine[]> {
      authorize(actor, 'revenue.read', treasuryId);
      return collectedLinesOf(database, treasuryId, authorityCode, from, to);
    },

    /** What a collecting authority and the bureaus under it collected into a treasury's jurisdiction, per level and code (R57(1)). */
    async jurisdictionTotals(actor: Actor, treasuryId: string, authorityCode: string, from: BusinessDate, to: BusinessDate): Promise<CollectedLine[]> {
      authorize(actor, 'revenue.read', treasuryId);
      const reach = jurisdictionsOf(await ledger.setup.treasuries()).get(treasuryId)?.reach ?? [treasuryId];
      return jurisdictionTotalsOf(database, reach, authorityCode, from, to);
    },

    /** A treasury's revenue per level and code over a period (R57(2)): the revenue lines of its finance bureau's statement. */
    async levelCodeLines(actor: Actor, treasuryId: string, from: BusinessDate, to: BusinessDate): Promise<CollectedLine[]> {
      authorize(actor, 'revenue.read', treasuryId);
      return levelCodeLinesOf(database, treasuryId, from, to);
    },

    /** Trusted set-up: the regions each treasury serves (where the branch sends a district's part). */
    defineRegions: (regions: readonly RegionDefinition[]) => routing.defineRegions(regions),
  };
}

export type Revenue = ReturnType<typeof createRevenue>;
