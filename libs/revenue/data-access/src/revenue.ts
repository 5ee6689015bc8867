import type { Database } from '@jinku/db';
import { authorize, invalidArgument, type Actor } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import { takeInReceipts, type ReceiptInput, type ReceiptOutcome } from './intake';
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

    /** The sharing parameters of the actor's jurisdiction, every version (R19(1)). */
    async listSharingRules(actor: Actor): Promise<RecordedSharingRule[]> {
      // Every treasury of the jurisdiction divides by the branch's parameters: its people may read them.
      authorize(actor, 'revenue.read', actor.treasuryId);
      return sharingRuleRepository.all(database.sql, actor.jurisdictionId);
    },

    /** Trusted set-up: the regions each treasury serves (where the branch sends a district's part). */
    defineRegions: (regions: readonly RegionDefinition[]) => routing.defineRegions(regions),
  };
}

export type Revenue = ReturnType<typeof createRevenue>;
