import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { OPERATIONS_QUEUE } from '@jinku/runtime';

/** A job scheduler as the worker keeps it in Redis: its id and cron pattern. */
export interface Schedule {
  readonly key: string;
  readonly pattern: string | undefined;
}

/** The job schedulers of the worker's queue, read as an operator would; fails fast while Redis is down. */
export async function readSchedules(redisUrl: string): Promise<Schedule[]> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: true });
  connection.on('error', () => undefined); // a refused connection fails the read below
  const queue = new Queue(OPERATIONS_QUEUE, { connection });
  try {
    const schedulers = await queue.getJobSchedulers();
    return schedulers.map(({ key, pattern }) => ({ key, pattern })).sort((a, b) => a.key.localeCompare(b.key));
  } finally {
    await queue.close().catch(() => undefined);
    connection.disconnect();
  }
}

/** Polls the schedules until `wanted` holds of them; when it did, or undefined after `timeoutMs`. */
export async function waitForSchedules(
  redisUrl: string,
  wanted: (schedules: Schedule[]) => boolean,
  timeoutMs: number,
): Promise<{ schedules: Schedule[]; at: number } | undefined> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const schedules = await readSchedules(redisUrl).catch(() => undefined);
    if (schedules && wanted(schedules)) return { schedules, at: performance.now() };
    if (performance.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The schedules once the worker has written them all: some, unchanged for `quietMs` (it upserts them one by
 * one, so a single read may catch it half-way).
 */
export function waitForSettledSchedules(redisUrl: string, timeoutMs: number, quietMs = 1_000): Promise<{ schedules: Schedule[]; at: number } | undefined> {
  let seen = '';
  let since = 0;
  return waitForSchedules(
    redisUrl,
    (schedules) => {
      const now = JSON.stringify(schedules);
      if (now !== seen) [seen, since] = [now, performance.now()];
      return schedules.length > 0 && performance.now() - since >= quietMs;
    },
    timeoutMs,
  );
}

/** Whether every schedule of `before` is in `now` with the same pattern. */
export const includesAll = (now: readonly Schedule[], before: readonly Schedule[]) =>
  before.every((b) => now.some((s) => s.key === b.key && s.pattern === b.pattern));

export const describeSchedules = (schedules: readonly Schedule[]) => schedules.map((s) => `${s.key} (${s.pattern})`).join(', ');
