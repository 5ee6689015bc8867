import type { Job, Queue } from 'bullmq';
import { DomainError } from '@jinku/kernel';
import { settlementDayOnOrAfter } from '@jinku/interest-domain';
import type { Interest } from '@jinku/interest';
import type { Ledger } from '@jinku/ledger';
import type { Logger } from '@jinku/runtime';
import { queuePosting } from './posting-job';
import { INTEREST_SETTLEMENT } from './schedules';
import type { JobHandler } from './worker';

export interface SettlementData {
  /** Given for a manual run or a catch-up; the scheduled job settles the quarter that ends today. */
  readonly settlementDay?: string;
  /** Only these treasuries (a catch-up names the ones it found missing); every treasury when absent. */
  readonly treasuryIds?: readonly string[];
}

/** One treasury in a settlement job: its posting queued, refused by a rule, or failed unexpectedly. */
export type TreasuryOutcome =
  | { readonly status: 'queued'; readonly postingDay: string }
  | { readonly status: 'refused'; readonly reason: string; readonly message: string }
  | { readonly status: 'failed'; readonly message: string };

/** The job's progress and, once every treasury is queued, its result. */
export interface SettlementProgress {
  readonly settlementDay: string;
  readonly treasuries: Readonly<Record<string, TreasuryOutcome>>;
}

const dayInShanghai = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: INTEREST_SETTLEMENT.tz }).format(at);

/**
 * interest-settlement: checks each treasury's period on its own (preview; refused while the settlement day
 * is open, without a rate, …) and queues its posting for the posting day. One treasury's refusal never
 * stops the others: each outcome is in the job's progress and the log. When any treasury is not queued the
 * job fails, so BullMQ retries it after the backoff (WAIT_FOR_CLOSE); a retry handles only the treasuries
 * not queued yet (the progress survives retries), and those queued are exactly-once anyway.
 */
export function settlementHandler(ledger: Ledger, interest: Interest): JobHandler {
  async function settle(queue: Queue, log: Logger, treasuryId: string, settlementDay: string): Promise<TreasuryOutcome> {
    try {
      const preview = await interest.scheduled.preview(treasuryId, settlementDay);
      for (const account of preview.accounts.filter((a) => a.stopped)) {
        log.warn({ treasuryId, account: account.accountNumber, reason: account.stopped }, 'account stopped');
      }
      await queuePosting(queue, { treasuryId, settlementDay }, preview.postingDay);
      log.info({ treasuryId, settlementDay, postingDay: preview.postingDay }, 'interest posting queued');
      return { status: 'queued', postingDay: preview.postingDay };
    } catch (error) {
      if (error instanceof DomainError) {
        log.warn({ treasuryId, settlementDay, reason: error.reason, message: error.message }, 'interest settlement refused');
        return { status: 'refused', reason: error.reason, message: error.message };
      }
      log.error({ treasuryId, settlementDay, err: error }, 'interest settlement failed');
      return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
  }

  return async (job: Job<SettlementData>, { log, queue }) => {
    const settlementDay = job.data.settlementDay ?? settlementDayOnOrAfter(dayInShanghai(new Date(job.timestamp)));
    const treasuryIds = job.data.treasuryIds ?? (await ledger.setup.treasuries()).map((t) => t.id);
    const treasuries: Record<string, TreasuryOutcome> = queuedEarlier(job, settlementDay);
    for (const treasuryId of treasuryIds) {
      if (treasuries[treasuryId]?.status === 'queued') continue;
      treasuries[treasuryId] = await settle(queue, log, treasuryId, settlementDay);
      await job.updateProgress({ settlementDay, treasuries } satisfies SettlementProgress);
    }
    const notQueued = Object.entries(treasuries).flatMap(([id, outcome]) =>
      outcome.status === 'queued' ? [] : [`${id} (${outcome.status === 'refused' ? outcome.reason : outcome.message})`],
    );
    if (notQueued.length > 0) throw new Error(`settlement ${settlementDay} not queued for ${notQueued.join(', ')}; retried later, the others are queued`);
    log.info({ settlementDay, treasuries: treasuryIds }, 'interest periods checked; postings queued');
    return { settlementDay, treasuries } satisfies SettlementProgress;
  };
}

/** The treasuries an earlier attempt of this job queued, from its progress. */
function queuedEarlier(job: Job<SettlementData>, settlementDay: string): Record<string, TreasuryOutcome> {
  const progress = job.progress as Partial<SettlementProgress> | number;
  if (typeof progress !== 'object' || progress.settlementDay !== settlementDay) return {};
  return Object.fromEntries(Object.entries(progress.treasuries ?? {}).filter(([, outcome]) => outcome.status === 'queued'));
}
