import { performance } from 'node:perf_hooks';

export interface LoadShape {
  /** Calls to make in all (Infinity: until the deadline). */
  readonly calls: number;
  /** Calls kept in flight: each worker sends its next call as soon as its previous one returns. */
  readonly inFlight: number;
  /** performance.now() after which no call is started: every run is bounded in time as well as in count. */
  readonly deadline: number;
}

export interface LoadResult {
  readonly calls: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly latenciesMs: number[];
  readonly completedAt: number[];
  /** True when the deadline, not the count, ended the run. */
  readonly hitDeadline: boolean;
}

/** Closed-loop load: `inFlight` workers, each awaiting its call before sending the next. */
export async function closedLoop(shape: LoadShape, call: () => Promise<void>): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const completedAt: number[] = [];
  let started = 0;
  let failed = false;
  let hitDeadline = false;
  const startedAt = performance.now();

  const worker = async () => {
    while (!failed && started < shape.calls) {
      const sentAt = performance.now();
      if (sentAt >= shape.deadline) {
        hitDeadline = shape.calls !== Infinity;
        return;
      }
      started += 1;
      try {
        await call();
      } catch (error) {
        failed = true; // the other workers stop at their next turn
        throw error;
      }
      const doneAt = performance.now();
      latenciesMs.push(doneAt - sentAt);
      completedAt.push(doneAt);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(shape.inFlight, shape.calls)) }, worker));
  return { calls: latenciesMs.length, startedAt, endedAt: performance.now(), latenciesMs, completedAt, hitDeadline };
}
