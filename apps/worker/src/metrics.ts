import { metricsRegistry } from '@jinku/runtime';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { RunningWorker } from './worker';

/** What the worker measures (docs/RELIABILITY.md, "Observability"): Redis readiness and job outcomes. */
export function workerMetrics(worker: Pick<RunningWorker, 'isReady' | 'onJobFinished'>): Registry {
  const registry = metricsRegistry();
  new Gauge({
    name: 'jinku_worker_redis_ready',
    help: '1 while the worker is connected to Redis and not stopping (RunningWorker.isReady), else 0',
    registers: [registry],
    collect() {
      this.set(worker.isReady() ? 1 : 0);
    },
  });
  const jobs = new Counter({
    name: 'jinku_worker_jobs_total',
    help: 'Job attempts that ended, by queue, job name and outcome (completed, failed; a retried job counts each failure)',
    labelNames: ['queue', 'job', 'outcome'],
    registers: [registry],
  });
  worker.onJobFinished(({ queue, name, outcome }) => jobs.inc({ queue, job: name, outcome }));
  return registry;
}
