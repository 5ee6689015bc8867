import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { OPERATIONS_QUEUE, type Logger } from '@jinku/runtime';
import { watchRedis } from './redis-readiness';


export interface JobContext {
  readonly log: Logger;
  /** The worker's own queue, for jobs that queue follow-up jobs. */
  readonly queue: Queue;
}

/** A job handler: interest runs now; year-end steps and retention sweeps later. */
export type JobHandler = (job: Job, context: JobContext) => Promise<unknown>;

/** A job attempt that ended: `failed` for each failed attempt, including those BullMQ will retry. */
export interface FinishedJob {
  readonly queue: string;
  readonly name: string;
  readonly outcome: 'completed' | 'failed';
}

export interface RunningWorker {
  readonly queue: Queue;
  /** Connected to Redis and not stopping: what a readiness probe reports. */
  isReady(): boolean;
  /** Calls `listener` each time the Redis connection becomes ready: the first time and after every loss. */
  onRedisReady(listener: () => void): () => void;
  /** Calls `listener` after each job attempt (the worker's metrics). */
  onJobFinished(listener: (job: FinishedJob) => void): void;
  /**
   * Stops taking jobs and lets the running one finish, for at most `closeTimeoutMs`; at once when Redis
   * is down. A job cut short stays active in Redis and is picked up again as stalled; the interest work
   * it did is exactly-once in PostgreSQL, so the rerun redoes nothing.
   */
  close(): Promise<void>;
}

export interface WorkerOptions {
  readonly redisUrl: string;
  readonly log: Logger;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly queueName?: string;
  readonly concurrency?: number;
  /** How long a stop waits for the running job while Redis is up (default 10 s, inside the 30 s shutdown deadline). */
  readonly closeTimeoutMs?: number;
}

/** Starts at once; the worker takes jobs as soon as Redis answers, and can be closed before it does. */
export function startWorker(options: WorkerOptions): RunningWorker {
  const { log } = options;
  const queueName = options.queueName ?? OPERATIONS_QUEUE;
  // BullMQ workers block on Redis; maxRetriesPerRequest must be null so a Redis blip is waited out, not thrown.
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const redis = watchRedis(connection, log);
  const queue = new Queue(queueName, { connection });
  const worker = new Worker(
    queueName,
    async (job) => {
      const handler = options.handlers[job.name];
      if (!handler) throw new Error(`no handler for job "${job.name}"`);
      const jobLog = log.child({ queue: queueName, job: job.name, jobId: job.id });
      jobLog.info('job started');
      const result = await handler(job, { log: jobLog, queue });
      jobLog.info('job done');
      return result;
    },
    { connection, concurrency: options.concurrency ?? 1 },
  );
  // While Redis is down every reconnect attempt errors: the loss is logged once (redis-readiness.ts).
  const logError = (source: string) => (error: Error) => {
    if (redis.isReady()) log.error({ err: error }, `${source} error`);
    else log.debug({ err: error }, `${source} error while redis is down`);
  };
  worker.on('error', logError('worker'));
  queue.on('error', logError('queue'));
  worker.on('failed', (job, error) => log.error({ job: job?.name, jobId: job?.id, err: error }, 'job failed'));
  const jobListeners = new Set<(job: FinishedJob) => void>();
  const finished = (outcome: FinishedJob['outcome']) => (job: Job | undefined) => {
    for (const listener of jobListeners) listener({ queue: queueName, name: job?.name ?? 'unknown', outcome });
  };
  worker.on('completed', finished('completed'));
  worker.on('failed', finished('failed'));
  log.info({ queue: queueName, handlers: Object.keys(options.handlers) }, 'worker started');

  let closing: Promise<void> | undefined;
  const close = async () => {
    const redisUp = redis.isReady();
    redis.stop();
    if (redisUp) {
      const closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
      if (!(await finishesWithin(worker.close(), closeTimeoutMs))) {
        log.warn({ closeTimeoutMs }, 'the running job did not finish in time; it will be picked up again as stalled');
      }
    } else {
      // A graceful close would wait for Redis to come back (BullMQ waits for its blocking connection to end).
      log.warn('redis is down: closing without waiting for the running job');
      await finishesWithin(worker.close(true), 1000);
    }
    await finishesWithin(queue.close(), 1000);
    connection.disconnect();
    log.info('worker closed');
  };
  return {
    queue,
    isReady: () => !closing && redis.isReady(),
    onRedisReady: (listener) => redis.onReady(listener),
    onJobFinished: (listener) => {
      jobListeners.add(listener);
    },
    close: () => (closing ??= close()),
  };
}

/** Whether `promise` resolved within `ms`; it keeps running either way. */
async function finishesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
