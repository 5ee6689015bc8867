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

/**
 * Every morning, before postings at 09:00: settlements missed for any reason — the worker was away, or
 * Redis lost a settlement job still waiting for its day to close — are found in PostgreSQL and queued.
 */
export const INTEREST_CATCH_UP = { id: 'interest-catch-up', pattern: '0 0 7 * * *', tz: INTEREST_SETTLEMENT.tz } as const;

/** A catch-up waits out a database outage: retried every minute for an hour. */
export const UNTIL_DATABASE_BACK = { attempts: 60, backoff: { type: 'fixed' as const, delay: 60_000 } };

/**
 * Released payments' instructions go out through the clearing channel (R53) within seconds: R36 wants them out
 * the day received. One run sends what is due; the next picks up anything that failed.
 */
export const PAYMENT_DISPATCH = { id: 'payment-dispatch', every: 5_000 } as const;

const SCHEDULES = [
  { ...INTEREST_SETTLEMENT, opts: WAIT_FOR_CLOSE },
  { ...INTEREST_CATCH_UP, opts: UNTIL_DATABASE_BACK },
  { ...PAYMENT_DISPATCH, opts: { attempts: 1 } },
];

/** Upserted at every worker start, so a changed pattern replaces the old one and nothing fires twice. */
export async function upsertSchedules(queue: Queue): Promise<void> {
  for (const schedule of SCHEDULES) {
    const repeat = 'every' in schedule ? { every: schedule.every } : { pattern: schedule.pattern, tz: schedule.tz };
    await queue.upsertJobScheduler(schedule.id, repeat, { name: schedule.id, data: {}, opts: schedule.opts });
  }
}

/** Re-creates the schedules when Redis lost them (a restart without persistence); true when it had to. */
export async function ensureSchedules(queue: Queue): Promise<boolean> {
  const present = await Promise.all(SCHEDULES.map(({ id }) => queue.getJobScheduler(id)));
  if (present.every(Boolean)) return false;
  await upsertSchedules(queue);
  return true;
}

/** The next `count` firing times after `from`: what operators (and tests) check the schedule with. */
export function nextSettlementFirings(from: Date, count: number): Date[] {
  const expression = CronExpressionParser.parse(INTEREST_SETTLEMENT.pattern, { currentDate: from, tz: INTEREST_SETTLEMENT.tz });
  return Array.from({ length: count }, () => expression.next().toDate());
}
