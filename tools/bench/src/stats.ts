/** Nearest-rank percentile of ascending `sorted` values; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export function summarizeLatencies(latenciesMs: readonly number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

/** Completions per second over the later half of a window: the first half still pays cold caches and JIT. */
export function steadyRate(completedAt: readonly number[], startedAt: number, endedAt: number): number {
  const middle = (startedAt + endedAt) / 2;
  const late = completedAt.filter((t) => t >= middle).length;
  const seconds = (endedAt - middle) / 1000;
  return seconds > 0 ? late / seconds : 0;
}
