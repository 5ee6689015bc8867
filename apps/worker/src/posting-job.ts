import type { Job, Queue } from 'bullmq';
import type { Interest } from '@jinku/interest';
import type { JobHandler } from './worker';
import { WAIT_FOR_CLOSE } from './schedules';

export const INTEREST_POSTING = 'interest-posting';

export interface PostingData {
  readonly treasuryId: string;
  readonly settlementDay: string;
}

/**
 * interest-posting: runs the treasury's interest with progress; a rerun or a retry after a crash skips
 * what is done (the run rows in PostgreSQL make it exactly once, not the job ids).
 */
export function postingHandler(interest: Interest): JobHandler {
  return async (job: Job<PostingData>, { log }) => {
    const { treasuryId, settlementDay } = job.data;
    const outcome = await interest.scheduled.run(treasuryId, settlementDay, {
      onProgress: async (done, total) => {
        await job.updateProgress({ done, total });
        log.info({ treasuryId, settlementDay, done, total }, 'interest run progress');
      },
    });
    log.info({ treasuryId, settlementDay, ...outcome }, 'interest posted');
    return outcome;
  };
}

/** Queues a treasury's posting for 09:00 on its posting day (at once when that is past). */
export async function queuePosting(queue: Queue, posting: PostingData, postingDay: string): Promise<void> {
  const postingAt = new Date(`${postingDay}T09:00:00+08:00`);
  // The job id makes a retried or repeated settlement queue each treasury's posting once...
  const job = await queue.add(INTEREST_POSTING, posting, {
    jobId: `${INTEREST_POSTING}:${posting.treasuryId}:${posting.settlementDay}`,
    delay: Math.max(0, postingAt.getTime() - Date.now()),
    ...WAIT_FOR_CLOSE,
  });
  // ...but one that gave up (e.g. four days without a rate) is started afresh, not left failed.
  if ((await job.getState()) === 'failed') await job.retry('failed', { resetAttemptsMade: true });
}
