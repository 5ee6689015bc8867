import type { Job } from 'bullmq';
import { DomainError } from '@jinku/kernel';
import { settlementDayOnOrAfter } from '@jinku/interest-domain';
import type { Interest } from '@jinku/interest';
import type { Ledger } from '@jinku/ledger';
import type { JobHandler } from './worker';
import { INTEREST_SETTLEMENT, WAIT_FOR_CLOSE } from './schedules';

export const INTEREST_POSTING = 'interest-posting';

interface SettlementData {
  /** Given for a manual run; the scheduled job settles the quarter that ends today. */
  readonly settlementDay?: string;
}

interface PostingData {
  readonly treasuryId: string;
  readonly settlementDay: string;
}

const dayInShanghai = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: INTEREST_SETTLEMENT.tz }).format(at);

/**
 * interest-settlement: checks every treasury's period (preview; refused — and so retried — while the
 * settlement day is open) and queues one posting job per treasury for its posting day.
 * interest-posting: runs the treasury's interest with progress; a rerun or a retry after a crash skips
 * what is done (the run rows in PostgreSQL make it exactly once, not the job ids).
 */
export function interestHandlers(ledger: Ledger, interest: Interest): Record<string, JobHandler> {
  return {
    [INTEREST_SETTLEMENT.id]: async (job: Job<SettlementData>, { log, queue }) => {
      const settlementDay = job.data.settlementDay ?? settlementDayOnOrAfter(dayInShanghai(new Date(job.timestamp)));
      const queued: string[] = [];
      const waiting: string[] = [];
      for (const treasury of await ledger.setup.treasuries()) {
        const preview = await interest.scheduled.preview(treasury.id, settlementDay).catch((error: unknown) => {
          if (error instanceof DomainError && error.reason === 'SETTLEMENT_DAY_NOT_CLOSED') return null;
          throw error;
        });
        if (!preview) {
          waiting.push(treasury.id);
          continue;
        }
        for (const account of preview.accounts.filter((a) => a.stopped)) {
          log.warn({ treasury: treasury.id, account: account.accountNumber, reason: account.stopped }, 'account stopped');
        }
        const postingAt = new Date(`${preview.postingDay}T09:00:00+08:00`);
        // The job id makes a retry of this job queue each treasury's posting once.
        await queue.add(
          INTEREST_POSTING,
          { treasuryId: treasury.id, settlementDay } satisfies PostingData,
          { jobId: `${INTEREST_POSTING}:${treasury.id}:${settlementDay}`, delay: Math.max(0, postingAt.getTime() - Date.now()), ...WAIT_FOR_CLOSE },
        );
        queued.push(`${treasury.id}@${preview.postingDay}`);
      }
      // Never compute from an open day: fail this attempt so BullMQ retries it after the backoff.
      if (waiting.length > 0) throw new Error(`settlement day ${settlementDay} not closed yet at ${waiting.join(', ')}; queued ${queued.join(', ') || 'none'}`);
      log.info({ settlementDay, queued }, 'interest periods checked; postings queued');
      return { settlementDay, queued };
    },

    [INTEREST_POSTING]: async (job: Job<PostingData>, { log }) => {
      const { treasuryId, settlementDay } = job.data;
      const outcome = await interest.scheduled.run(treasuryId, settlementDay, {
        onProgress: async (done, total) => {
          await job.updateProgress({ done, total });
          log.info({ treasuryId, settlementDay, done, total }, 'interest run progress');
        },
      });
      log.info({ treasuryId, settlementDay, ...outcome }, 'interest posted');
      return outcome;
    },
  };
}
