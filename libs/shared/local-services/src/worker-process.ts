import { startApp, type AppOptions, type AppProcess } from './app-process';

export const WORKER_BUNDLE = 'dist/apps/worker/main.cjs';

export interface WorkerOptions {
  readonly root: string;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly output?: AppOptions['output'];
}

/** The built BullMQ worker as a child process, logging at info (its Redis losses and schedule repairs). */
export function startWorkerProcess(options: WorkerOptions): AppProcess {
  return startApp({
    root: options.root,
    bundle: WORKER_BUNDLE,
    // No metrics endpoint: its fixed default port would clash with a worker already running here.
    env: { DATABASE_URL: options.databaseUrl, REDIS_URL: options.redisUrl, JINKU_WORKER_METRICS_ADDRESS: '', LOG_LEVEL: 'info' },
    output: options.output,
  });
}
