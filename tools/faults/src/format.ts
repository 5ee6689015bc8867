/** A duration for the summary: `850 ms`, `3.42 s`. */
export function duration(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(2)} s`;
}

/** How a child process ended, in words. */
export function endingOf(ending: { code: number | null; signal: string | null }): string {
  return ending.signal ? `signal ${ending.signal}` : `exit ${ending.code}`;
}
