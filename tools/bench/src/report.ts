import type { Measurement } from './measure';

/** The target: each gRPC mode reaches at least half of its plain-SQL baseline's throughput. */
export const TARGET_RATIO = 0.5;

/** A gRPC mode and the plain-SQL baseline it is judged against, measured back to back. */
export interface Comparison {
  readonly grpc: Measurement;
  readonly baseline: Measurement;
}

export interface WorkloadResult {
  readonly workload: string;
  readonly description: string;
  readonly pairs: readonly Comparison[];
}

export interface RunContext {
  readonly command: string;
  readonly machine: string;
  readonly plan: string;
}

interface Verdict extends Comparison {
  readonly workload: string;
  readonly ratio: number;
  readonly met: boolean;
}

export function comparisons(results: readonly WorkloadResult[]): Verdict[] {
  return results.flatMap((r) =>
    r.pairs.map((pair) => {
      const ratio = pair.grpc.vouchersPerSecond / pair.baseline.vouchersPerSecond;
      return { ...pair, workload: r.workload, ratio, met: ratio >= TARGET_RATIO };
    }),
  );
}

const integer = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const cores = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;
const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

/** CPU used by processes outside the bench beyond this makes a run's figures suspect on a 2-core machine. */
export const DISTURBED_CORES = 0.3;

/** Cores busy with processes that are neither the server, PostgreSQL nor the bench client. */
export const otherCores = (m: Measurement) =>
  Math.max(0, m.cpu.machine - (Number.isFinite(m.cpu.server) ? m.cpu.server : 0) - m.cpu.postgres - m.cpu.client);

/** One run's cells after its first column: what ran, how much, how fast, and where the CPU went. */
export function measurementCells(m: Measurement): string[] {
  return [
    `${m.label}${m.capped ? ' (stopped at time cap)' : ''}`,
    integer(m.vouchers),
    m.seconds.toFixed(1),
    integer(m.vouchersPerSecond),
    ms(m.latency.p50),
    ms(m.latency.p99),
    ms(m.latency.max),
    cores(m.cpu.server),
    cores(m.cpu.postgres),
    cores(m.cpu.client),
    cores(otherCores(m)),
  ];
}

/** Markdown: the targets first, then every run with its latency and where the CPU went. */
export function renderReport(context: RunContext, results: readonly WorkloadResult[]): string {
  const out: string[] = [`Command: \`${context.command}\``, '', `Machine: ${context.machine}`, '', `Plan: ${context.plan}`, ''];

  out.push(
    row(['Workload', 'gRPC mode', 'gRPC vouchers/s', 'p50 ms', 'p99 ms', 'Baseline (plain SQL)', 'Baseline vouchers/s', 'gRPC / baseline', 'Target', 'Met']),
    '|---|---|--:|--:|--:|---|--:|--:|--:|:-:|',
  );
  for (const v of comparisons(results)) {
    // Latency is reported for unary calls, where it is one voucher's; a batch call's is in the table below.
    const unary = v.grpc.vouchersPerCall === 1;
    out.push(
      row([
        v.workload,
        v.grpc.label,
        integer(v.grpc.vouchersPerSecond),
        unary ? ms(v.grpc.latency.p50) : '–',
        unary ? ms(v.grpc.latency.p99) : '–',
        v.baseline.label,
        integer(v.baseline.vouchersPerSecond),
        percent(v.ratio),
        `≥ ${percent(TARGET_RATIO)}`,
        v.met ? 'yes' : '**no**',
      ]),
    );
  }

  out.push(
    '',
    'All runs. Latency is per call (one voucher, or one batch/commit of many). CPU in cores busy over the run',
    '(2.00 = both cores); "other" is what processes outside the bench (server, PostgreSQL, client) used.',
    '',
    row(['Workload', 'Run', 'Vouchers', 'Seconds', 'Vouchers/s', 'p50 ms', 'p99 ms', 'max ms', 'CPU server', 'CPU postgres', 'CPU client', 'CPU other']),
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  );
  for (const r of results) {
    for (const m of r.pairs.flatMap((pair) => [pair.baseline, pair.grpc])) {
      out.push(
        row([r.workload, ...measurementCells(m)]),
      );
    }
  }
  const disturbed = results.flatMap((r) => r.pairs.flatMap((pair) => [pair.baseline, pair.grpc])).filter((m) => otherCores(m) > DISTURBED_CORES);
  if (disturbed.length > 0) {
    out.push(
      '',
      `**Disturbed:** ${disturbed.length} run(s) shared the CPU with other processes (CPU other > ${DISTURBED_CORES.toFixed(2)} cores);` +
        ' rerun on a quiet machine before trusting their ratios.',
    );
  }
  out.push('', 'Workloads:', ...results.map((r) => `- ${r.workload}: ${r.description}`), '');
  return out.join('\n');
}
