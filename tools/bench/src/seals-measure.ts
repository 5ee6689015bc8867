import { performance } from 'node:perf_hooks';
import { closedLoop } from './closed-loop';
import { cpuShareBetween, cpuSnapshot, type CpuShare } from './cpu-usage';
import { summarizeLatencies, type LatencySummary } from './stats';

export interface SealsPlan {
  readonly warmupSeconds: number;
  /** Every mode is time-boxed: calls are started until this many seconds have passed, then drained. */
  readonly seconds: number;
}

export interface TimedMode {
  readonly label: string;
  readonly inFlight: number;
  /** Calls made in the warm-up (not measured, but checked like the measured ones). */
  readonly warmupCalls: number;
  readonly calls: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly latency: LatencySummary;
  /** Cores busy during the measured window: this process (client) and every PostgreSQL process. */
  readonly cpu: CpuShare;
}

/**
 * Warms a mode up for `plan.warmupSeconds`, then runs it for `plan.seconds` with `inFlight` callers, each
 * awaiting its call before making the next (the bench's closed loop). A synchronous primitive wrapped in an
 * async function runs one call at a time with inFlight 1: that is the single thread's full speed.
 */
export async function timedMode(label: string, inFlight: number, plan: SealsPlan, call: () => Promise<void>): Promise<TimedMode> {
  const warmup = await closedLoop({ calls: Infinity, inFlight, deadline: performance.now() + plan.warmupSeconds * 1000 }, call);
  const before = cpuSnapshot(undefined);
  const run = await closedLoop({ calls: Infinity, inFlight, deadline: performance.now() + plan.seconds * 1000 }, call);
  const cpu = cpuShareBetween(before, cpuSnapshot(undefined));
  const seconds = (run.endedAt - run.startedAt) / 1000;
  return {
    label,
    inFlight,
    warmupCalls: warmup.calls,
    calls: run.calls,
    seconds,
    perSecond: run.calls / seconds,
    latency: summarizeLatencies(run.latenciesMs),
    cpu,
  };
}

/** Counts verification answers; anything but valid stops the bench, so a broken verifier cannot look fast. */
export class ValidCounter {
  private count = 0;

  constructor(private readonly what: string) {}

  check(answer: string | boolean, detail: string): void {
    if (answer !== 'valid' && answer !== true) throw new Error(`${this.what}: ${detail} answered ${String(answer)}, not valid`);
    this.count += 1;
  }

  /** After a mode: every call it made (warm-up and measured) answered valid. */
  assertAll(mode: TimedMode): number {
    const expected = mode.warmupCalls + mode.calls;
    if (this.count !== expected || expected === 0) throw new Error(`${this.what}: ${this.count} valid answers for ${expected} verifications`);
    return this.count;
  }
}
