import { performance } from 'node:perf_hooks';
import { closedLoop } from './closed-loop';
import { cpuShareBetween, cpuSnapshot, type CpuShare } from './cpu-usage';
import { steadyRate, summarizeLatencies, type LatencySummary } from './stats';

/** One way of posting vouchers: a call posts `vouchersPerCall` of them, `inFlight` calls at a time. */
export interface Poster {
  readonly label: string;
  readonly vouchersPerCall: number;
  readonly inFlight: number;
  /** Posts the next call's vouchers; `phase` keeps warm-up and measured idempotency keys apart. */
  call(phase: 'warmup' | 'measured'): Promise<void>;
}

export interface RunPlan {
  readonly warmupSeconds: number;
  /** Measured run length the call count is sized for, from the warm-up's rate... */
  readonly seconds: number;
  /** ...unless the voucher count is given outright. */
  readonly vouchers: number | undefined;
  /** Hard stop of a measured run, whatever the count. */
  readonly capSeconds: number;
  readonly serverPid: number | undefined;
}

export interface Measurement {
  readonly label: string;
  readonly vouchersPerCall: number;
  readonly inFlight: number;
  readonly vouchers: number;
  readonly seconds: number;
  readonly vouchersPerSecond: number;
  /** Per call: one voucher for unary and one-per-commit, one batch of vouchers otherwise. */
  readonly latency: LatencySummary;
  readonly cpu: CpuShare;
  readonly capped: boolean;
}

/** Warms the poster up, sizes the measured run from the warm-up's steady rate, then runs and times it. */
export async function measure(poster: Poster, plan: RunPlan): Promise<Measurement> {
  const warmup = await closedLoop(
    { calls: Infinity, inFlight: poster.inFlight, deadline: performance.now() + plan.warmupSeconds * 1000 },
    () => poster.call('warmup'),
  );
  const callsPerSecond = steadyRate(warmup.completedAt, warmup.startedAt, warmup.endedAt);
  const calls =
    plan.vouchers !== undefined
      ? Math.ceil(plan.vouchers / poster.vouchersPerCall)
      : Math.max(poster.inFlight, Math.round(callsPerSecond * plan.seconds));

  const before = cpuSnapshot(plan.serverPid);
  const run = await closedLoop({ calls, inFlight: poster.inFlight, deadline: performance.now() + plan.capSeconds * 1000 }, () =>
    poster.call('measured'),
  );
  const cpu = cpuShareBetween(before, cpuSnapshot(plan.serverPid));
  const seconds = (run.endedAt - run.startedAt) / 1000;
  const vouchers = run.calls * poster.vouchersPerCall;
  return {
    label: poster.label,
    vouchersPerCall: poster.vouchersPerCall,
    inFlight: poster.inFlight,
    vouchers,
    seconds,
    vouchersPerSecond: vouchers / seconds,
    latency: summarizeLatencies(run.latenciesMs),
    cpu,
    capped: run.hitDeadline,
  };
}
