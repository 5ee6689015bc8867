import { performance } from 'node:perf_hooks';
import { startWorkerProcess } from '@jinku/local-services';
import { duration, endingOf } from '../format';
import type { Scenario } from '../scenario';
import { describeSchedules, includesAll, waitForSchedules, waitForSettledSchedules } from '../schedules';

export const redisRestart: Scenario = {
  name: 'redis-restart',
  description: "Redis (the kit's own, no persistence) restarted empty under the compiled worker: the worker re-creates its job schedules",
  async inject({ root, databaseUrl, redis, recoveryTimeoutMs, output }) {
    const worker = startWorkerProcess({ root, databaseUrl, redisUrl: redis.url, output });
    try {
      const first = await waitForSettledSchedules(redis.url, recoveryTimeoutMs);
      if (!first) {
        const now = performance.now();
        return { injectedAt: now, restoredAt: now, facts: [], violations: [`the worker created no job schedule within ${duration(recoveryTimeoutMs)}`] };
      }
      const injectedAt = performance.now();
      await redis.stop(); // shutdown nosave: everything in it is gone
      await redis.start();
      const restoredAt = performance.now();
      const back = await waitForSchedules(redis.url, (schedules) => includesAll(schedules, first.schedules), recoveryTimeoutMs);
      // Not back in time is the runner's violation (no recovery); these are the worker's.
      const violations: string[] = [];
      const crashed = worker.exitStatus();
      if (crashed) violations.push(`the worker did not survive the Redis restart: ${crashed}`);
      const ending = await worker.end('SIGTERM');
      if (!crashed && (ending.code !== 0 || ending.signal)) violations.push(`the worker ended by ${endingOf(ending)} on SIGTERM, not exit 0`);
      return {
        injectedAt,
        restoredAt,
        recovered: { what: 'schedules back', at: back?.at },
        facts: [
          `schedules before the restart: ${describeSchedules(first.schedules)}`,
          `Redis answering again ${duration(restoredAt - injectedAt)} after the shutdown`,
        ],
        violations,
      };
    } finally {
      await worker.stop();
    }
  },
};
