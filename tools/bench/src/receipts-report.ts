import { DISTURBED_CORES, measurementCells, otherCores, type Comparison, type RunContext } from './report';
import type { Measurement } from './measure';
import type { ReceiptBooksCheck } from './receipts-check';

/** The targets: receipts per second through SubmitReceipts, and the share of the same run's baseline. */
export const TARGET_RECEIPTS_PER_SECOND = 5_000;
export const TARGET_RATIO = 0.7;

export interface ReceiptsVerdict {
  /** A round's number, or 'all' for every round together (the verdict). */
  readonly round: number | 'all';
  readonly grpcPerSecond: number;
  readonly baselinePerSecond: number;
  /** Per call, of the gRPC run (the rounds' calls together for 'all'). */
  readonly p50: number;
  readonly p99: number;
  readonly ratio: number;
  readonly rateMet: boolean;
  readonly ratioMet: boolean;
}

const rate = (runs: readonly Measurement[]) => runs.reduce((sum, m) => sum + m.vouchers, 0) / runs.reduce((sum, m) => sum + m.seconds, 0);

function verdict(round: ReceiptsVerdict['round'], grpc: readonly Measurement[], baseline: readonly Measurement[]): ReceiptsVerdict {
  const grpcPerSecond = rate(grpc);
  const baselinePerSecond = rate(baseline);
  const ratio = grpcPerSecond / baselinePerSecond;
  // Percentiles of several rounds are not combined: the total line gives the worst round's.
  const p50 = Math.max(...grpc.map((m) => m.latency.p50));
  const p99 = Math.max(...grpc.map((m) => m.latency.p99));
  return { round, grpcPerSecond, baselinePerSecond, p50, p99, ratio, rateMet: grpcPerSecond >= TARGET_RECEIPTS_PER_SECOND, ratioMet: ratio >= TARGET_RATIO };
}

/** Each round's figures, then (with more than one round) all rounds together: the last line is the verdict. */
export function verdicts(pairs: readonly Comparison[]): ReceiptsVerdict[] {
  const rounds = pairs.map((pair, i) => verdict(i + 1, [pair.grpc], [pair.baseline]));
  return pairs.length > 1 ? [...rounds, verdict('all', pairs.map((p) => p.grpc), pairs.map((p) => p.baseline))] : rounds;
}

const integer = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;
const yes = (met: boolean) => (met ? 'yes' : '**no**');
const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;


/** Markdown: the targets per round, every run with latency and CPU, then the books check. */
export function renderReceiptsReport(context: RunContext, pairs: readonly Comparison[], check: ReceiptBooksCheck, workload: string): string {
  const out: string[] = [`Command: \`${context.command}\``, '', `Machine: ${context.machine}`, '', `Plan: ${context.plan}`, ''];
  out.push(
    row(['Round', 'gRPC receipts/s', 'p50 ms / call', 'p99 ms / call', 'Baseline receipts/s', 'gRPC / baseline', `≥ ${integer(TARGET_RECEIPTS_PER_SECOND)}/s`, `≥ ${percent(TARGET_RATIO)}`]),
    '|---|--:|--:|--:|--:|--:|:-:|:-:|',
  );
  for (const v of verdicts(pairs)) {
    const cells = [String(v.round), integer(v.grpcPerSecond), ms(v.p50), ms(v.p99), integer(v.baselinePerSecond), percent(v.ratio), yes(v.rateMet), yes(v.ratioMet)];
    out.push(row(v.round === 'all' ? cells.map((cell) => `**${cell}**`) : cells));
  }
  out.push(
    '',
    'All runs. Latency is per call (one SubmitReceipts, or one baseline commit). CPU in cores busy over the run',
    '(2.00 = both cores); "other" is what processes outside the bench (server, PostgreSQL, client) used.',
    '',
    row(['Round', 'Run', 'Receipts', 'Seconds', 'Receipts/s', 'p50 ms', 'p99 ms', 'max ms', 'CPU server', 'CPU postgres', 'CPU client', 'CPU other']),
    '|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  );
  pairs.forEach((pair, i) => {
    for (const m of [pair.baseline, pair.grpc]) {
      out.push(
        row([String(i + 1), ...measurementCells(m)]),
      );
    }
  });
  const disturbed = pairs.flatMap((pair) => [pair.baseline, pair.grpc]).filter((m) => otherCores(m) > DISTURBED_CORES);
  if (disturbed.length > 0) {
    out.push('', `**Disturbed:** ${disturbed.length} run(s) shared the CPU with other processes (CPU other > ${DISTURBED_CORES.toFixed(2)} cores); rerun on a quiet machine before trusting their ratios.`);
  }
  out.push(
    '',
    `Workload: ${workload}.`,
    '',
    `Books after the runs: ${integer(check.receipts)} receipts (${integer(check.expectedReceipts)} taken in or written by the bench), ${integer(check.vouchers)} vouchers,` +
      ` ${integer(check.entries)} entries, ${check.minParts}–${check.maxParts} parts per receipt; parts not summing to the amount ${check.partsOff},` +
      ` vouchers not matching their receipt ${check.vouchersOff}, vouchers without a receipt ${check.strayVouchers}, unbalanced vouchers ${check.invariants.unbalancedVouchers},` +
      ` balances not equal to their entries ${check.invariants.balanceMismatches.length}: ${check.ok ? 'the books add up' : '**the books do not add up**'}.`,
    '',
  );
  return out.join('\n');
}
