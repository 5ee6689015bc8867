import { CronExpressionParser } from 'cron-parser';
import type { Queue } from 'bullmq';

/**
 * R47: interest settles on the 20th of March, June, September and December. The job fires at 18:00 of
 * that day in the treasury's time zone and waits (retrying) until the day's books are closed.
 */
export const INTEREST_SETTLEMENT = {
  id: 'interest-settlement',
  pattern: '0 0 18 20 3,6,9,12 *',
  tz: process.env['JINKU_TIME_ZONE'] ?? 'Asia/Shanghai',
} as const;

/** Retried every 30 minutes for up to four days: long enough for a late day close or a holiday weekend. */
export const WAIT_FOR_CLOSE = { attempts: 192, backoff: { type: 'fixed' as const, delay: 30 * 60_000 } };

/** Upserted at every worker start, so a changed pattern replaces the old one and nothing fires twice. */
export async function upsertSchedules(queue: Queue): Promise<void> {
  await queue.upsertJobScheduler(
    INTEREST_SETTLEMENT.id,
    { pattern: INTEREST_SETTLEMENT.pattern, tz: INTEREST_SETTLEMENT.tz },
    { name: INTEREST_SETTLEMENT.id, data: {}, opts: WAIT_FOR_CLOSE },
  );
}

/** The next `count` firing times after `from`: what operators (and tests) check the schedule with. */
export function nextSettlementFirings(from: Date, count: number): Date[] {
  const expression = CronExpressionParser.parse(INTEREST_SETTLEMENT.pattern, { currentDate: from, tz: INTEREST_SETTLEMENT.tz });
  return Array.from({ length: count }, () => expression.next().toDate());
}
