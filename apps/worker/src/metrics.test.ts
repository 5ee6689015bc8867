import { randomUUID } from 'node:crypto';
import { serveMetrics, type MetricsEndpoint } from '@jinku/runtime';
import { pino } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { workerMetrics } from './metrics';
import { startWorker, type RunningWorker } from './worker';

const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const queueName = `jinku-test-${randomUUID()}`; // a queue of its own: test files share one Redis
const log = pino({ level: 'silent' });
let worker: RunningWorker | undefined;
let endpoint: MetricsEndpoint | undefined;

afterAll(async () => {
  await endpoint?.close();
  await worker?.close();
});

const scrape = async () => (await fetch(`http://127.0.0.1:${endpoint!.port}/metrics`)).text();

describe('worker metrics', () => {
  it('count job outcomes by queue and job name, and follow Redis readiness', async () => {
    worker = startWorker({
      redisUrl,
      log,
      queueName,
      handlers: { fine: async () => 'done', broken: async () => Promise.reject(new Error('broken on purpose')) },
    });
    endpoint = await serveMetrics(workerMetrics(worker), '127.0.0.1:0', log);
    await worker.queue.add('fine', {});
    await worker.queue.add('fine', {});
    await worker.queue.add('broken', {});

    const completed = new RegExp(`^jinku_worker_jobs_total\\{queue="${queueName}",job="fine",outcome="completed"\\} 2$`, 'm');
    const failed = new RegExp(`^jinku_worker_jobs_total\\{queue="${queueName}",job="broken",outcome="failed"\\} 1$`, 'm');
    await vi.waitFor(async () => expect(await scrape()).toMatch(completed), { timeout: 10_000, interval: 100 });
    await vi.waitFor(async () => expect(await scrape()).toMatch(failed), { timeout: 10_000, interval: 100 });
    expect(await scrape()).toMatch(/^jinku_worker_redis_ready 1$/m);

    await worker.queue.obliterate({ force: true });
    await worker.close();
    expect(await scrape()).toMatch(/^jinku_worker_redis_ready 0$/m);
  });
});
