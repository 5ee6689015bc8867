import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '@jinku/runtime';

export const OPERATIONS_QUEUE = 'jinku-operations';

export interface JobContext {
  readonly log: Logger;
  /** The worker's own queue, for jobs that queue follow-up jobs. */
  readonly queue: Queue;
}

/** A job handler: interest runs now; year-end steps and retention sweeps later. */
export type JobHandler = (job: Job, context: JobContext) => Promise<unknown>;

export interface RunningWorker {
  readonly queue: Queue;
  /** Stops taking jobs and waits for the running ones to finish (BullMQ's graceful close). */
  close(): Promise<void>;
}

export interface WorkerOptions {
  readonly redisUrl: string;
  readonly log: Logger;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly queueName?: string;
  readonly concurrency?: number;
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const queueName = options.queueName ?? OPERATIONS_QUEUE;
  // BullMQ workers block on Redis; maxRetriesPerRequest must be null so a Redis blip is waited out, not thrown.
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection });
  const worker = new Worker(
    queueName,
    async (job) => {
      const handler = options.handlers[job.name];
      if (!handler) throw new Error(`no handler for job "${job.name}"`);
      const log = options.log.child({ queue: queueName, job: job.name, jobId: job.id });
      log.info('job started');
      const result = await handler(job, { log, queue });
      log.info('job done');
      return result;
    },
    { connection, concurrency: options.concurrency ?? 1 },
  );
  worker.on('failed', (job, error) => options.log.error({ job: job?.name, jobId: job?.id, err: error }, 'job failed'));
  worker.on('error', (error) => options.log.error({ err: error }, 'worker error'));
  await worker.waitUntilReady();
  options.log.info({ queue: queueName, handlers: Object.keys(options.handlers) }, 'worker ready');
  return {
    queue,
    async close() {
      await worker.close();
      await queue.close();
      await connection.quit();
    },
  };
}
