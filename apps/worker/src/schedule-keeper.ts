import type { Logger } from '@jinku/runtime';
import { queueCatchUp } from './catch-up';
import { ensureSchedules, upsertSchedules } from './schedules';
import type { RunningWorker } from './worker';

export interface ScheduleKeeper {
  stop(): void;
}

/**
 * The job schedulers live only in Redis, which forgets them when it restarts without persistence. Once
 * Redis first answers, upserts the schedules and queues a catch-up; then checks them on every reconnect and
 * every `intervalMs` (data can also go without a reconnect: a flush, a failover to an empty replica). A
 * missing schedule is re-created and a catch-up queued, since the lost data may have held queued jobs.
 */
export function keepSchedules(worker: RunningWorker, log: Logger, intervalMs = 60_000): ScheduleKeeper {
  let upserted = false;
  let checking = false;
  const check = async () => {
    // While Redis is down a check would only wait for it, and the reconnect checks anyway.
    if (checking || !worker.isReady()) return;
    checking = true;
    try {
      if (!upserted) {
        // Every start: a changed pattern replaces the old one.
        await upsertSchedules(worker.queue);
        await queueCatchUp(worker.queue);
        upserted = true;
        log.info('schedules upserted; catch-up queued');
      } else if (await ensureSchedules(worker.queue)) {
        await queueCatchUp(worker.queue);
        log.warn('schedules were missing in Redis (lost its data?): re-created and catch-up queued');
      }
    } catch (error) {
      log.error({ err: error }, 'schedule check failed');
    } finally {
      checking = false;
    }
  };
  const unsubscribe = worker.onRedisReady(() => void check());
  const timer = setInterval(() => void check(), intervalMs).unref();
  void check();
  return {
    stop() {
      unsubscribe();
      clearInterval(timer);
    },
  };
}
