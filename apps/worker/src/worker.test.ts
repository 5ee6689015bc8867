import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { pingHandler as handlers } from './handlers';
import { startWorker } from './worker';

const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const queueName = `jinku-test-${randomUUID()}`; // a queue of its own: test files share one Redis
const log = pino({ level: 'silent' });
const eventsConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });

afterAll(() => eventsConnection.quit());

describe('worker', () => {
  it('runs a job through real Redis and closes gracefully, letting the running job finish', async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const worker = startWorker({
      redisUrl,
      log,
      queueName,
      handlers: { ...handlers, slow: async () => (await slow, 'finished') },
    });
    const events = new QueueEvents(queueName, { connection: eventsConnection.duplicate() });
    await events.waitUntilReady();

    const queue = new Queue(queueName, { connection: eventsConnection });
    const ping = await queue.add('ping', { hello: 'treasury' });
    expect(await ping.waitUntilFinished(events, 10_000)).toMatchObject({ pong: { hello: 'treasury' } });

    const slowJob = await queue.add('slow', {});
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the worker pick it up
    const closing = worker.close();
    release();
    await closing;
    expect(await slowJob.getState()).toBe('completed');
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('gives a running job at most closeTimeoutMs to finish, then leaves it to the stalled check', async () => {
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const worker = startWorker({ redisUrl, log, queueName: `${queueName}-stuck`, handlers: { stuck: () => stuck }, closeTimeoutMs: 300 });
    const job = await worker.queue.add('stuck', {});
    await vi.waitFor(async () => expect(await job.getState()).toBe('active'));
    expect(worker.isReady()).toBe(true);

    const closedAt = Date.now();
    await worker.close();
    expect(Date.now() - closedAt).toBeLessThan(2_000);
    expect(worker.isReady()).toBe(false);
    const queue = new Queue(`${queueName}-stuck`, { connection: eventsConnection });
    expect(await queue.getJobState(job.id!)).toBe('active'); // its lock expires and another worker takes it up
    release();
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('fails a job with no handler instead of dropping it', async () => {
    const worker = startWorker({ redisUrl, log, queueName: `${queueName}-unknown`, handlers });
    const events = new QueueEvents(`${queueName}-unknown`, { connection: eventsConnection.duplicate() });
    await events.waitUntilReady();
    const job = await worker.queue.add('no-such-job', {});
    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow(/no handler/);
    await events.close();
    await worker.queue.obliterate({ force: true });
    await worker.close();
  });
});
