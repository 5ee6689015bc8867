import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { keepSchedules, type ScheduleKeeper } from './schedule-keeper';
import { INTEREST_CATCH_UP, INTEREST_SETTLEMENT } from './schedules';
import { ownRedis, type OwnRedis } from '@jinku/local-services';
import { startWorker, type RunningWorker } from './worker';

const log = pino({ level: 'silent' });
const eventually = { timeout: 15_000, interval: 100 };
let redis: OwnRedis;
let worker: RunningWorker;
let keeper: ScheduleKeeper | undefined;
let catchUps = 0;

beforeAll(async () => {
  redis = await ownRedis();
  worker = startWorker({
    redisUrl: redis.url,
    log,
    queueName: `jinku-test-${randomUUID()}`,
    handlers: { [INTEREST_CATCH_UP.id]: async () => catchUps++ },
  });
});

afterAll(async () => {
  keeper?.stop();
  await worker?.close();
  await redis?.dispose();
});

const scheduler = () => worker.queue.getJobScheduler(INTEREST_SETTLEMENT.id);

describe('schedule keeper (Redis without persistence)', () => {
  it('re-creates the schedule and queues the catch-up when Redis comes back empty after a restart', async () => {
    keeper = keepSchedules(worker, log); // checks every minute: the reconnect must do it here
    await vi.waitFor(async () => expect(await scheduler()).toMatchObject({ key: INTEREST_SETTLEMENT.id, pattern: INTEREST_SETTLEMENT.pattern }), eventually);
    await vi.waitFor(() => expect(catchUps).toBe(1), eventually); // the one queued at start

    await redis.stop();
    await vi.waitFor(() => expect(worker.isReady()).toBe(false), eventually);
    await redis.start();
    await vi.waitFor(() => expect(worker.isReady()).toBe(true), eventually);
    await vi.waitFor(async () => expect(await scheduler()).toMatchObject({ pattern: INTEREST_SETTLEMENT.pattern }), eventually);
    await vi.waitFor(() => expect(catchUps).toBe(2), eventually);
    keeper.stop();
  });

  it('re-creates it on the periodic check when the data goes without a reconnect', async () => {
    keeper = keepSchedules(worker, log, 200);
    await vi.waitFor(() => expect(catchUps).toBe(3), eventually);

    const admin = new Redis(redis.url);
    await admin.flushall(); // a flush or a failover to an empty replica: the connection never drops
    await admin.quit();
    await vi.waitFor(async () => expect(await scheduler()).toBeDefined(), eventually);
    await vi.waitFor(() => expect(catchUps).toBe(4), eventually);
  });
});
