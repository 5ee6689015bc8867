import type { Queue } from 'bullmq';
import type { Interest } from '@jinku/interest';
import type { SettlementData } from './settlement-job';
import { INTEREST_CATCH_UP, INTEREST_SETTLEMENT, UNTIL_DATABASE_BACK, WAIT_FOR_CLOSE } from './schedules';
import type { JobHandler } from './worker';

/**
 * Queues a catch-up now: at start, and when Redis lost the schedules (and perhaps queued jobs with them).
 * A job rather than a call, so a database not reachable yet only delays it. Deduplicated while one is pending.
 */
export async function queueCatchUp(queue: Queue): Promise<void> {
  await queue.add(INTEREST_CATCH_UP.id, {}, { deduplication: { id: INTEREST_CATCH_UP.id }, ...UNTIL_DATABASE_BACK });
}

/**
 * interest-catch-up: settlements that should have fired while the worker (or Redis) was away, found in
 * PostgreSQL, not Redis. Each missed settlement day gets a settlement job for the treasuries that missed it,
 * deduplicated while one for that day is pending; the run itself is exactly-once per account and period.
 */
export function catchUpHandler(interest: Interest): JobHandler {
  return async (_job, { log, queue }) => {
    const missed = await interest.scheduled.missedSettlements();
    const byDay = new Map<string, string[]>();
    for (const { treasuryId, settlementDay } of missed) byDay.set(settlementDay, [...(byDay.get(settlementDay) ?? []), treasuryId]);
    for (const [settlementDay, treasuryIds] of byDay) {
      const data: SettlementData = { settlementDay, treasuryIds };
      await queue.add(INTEREST_SETTLEMENT.id, data, { deduplication: { id: `${INTEREST_SETTLEMENT.id}:${settlementDay}` }, ...WAIT_FOR_CLOSE });
    }
    log.info({ missed: missed.map((m) => `${m.treasuryId}@${m.settlementDay}`) }, missed.length > 0 ? 'missed settlements queued' : 'no missed settlement');
    return { missed };
  };
}
