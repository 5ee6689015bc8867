/** The children's logs: streamed to our stderr when verbose, else the last lines kept for a failure report. */
export interface LogTail {
  readonly write: (chunk: Buffer) => void;
  /** The kept lines, oldest first (empty when verbose: they were streamed). */
  lines(): string[];
}

/** Lines past `width` are cut: a stack trace in a JSON log line says nothing the first part does not. */
export function logTail(verbose: boolean, keep = 40, width = 400): LogTail {
  if (verbose) return { write: (chunk) => process.stderr.write(chunk), lines: () => [] };
  let kept: string[] = [];
  return {
    write(chunk) {
      const lines = chunk.toString('utf8').split('\n').filter(Boolean);
      kept.push(...lines.map((line) => (line.length > width ? `${line.slice(0, width)}…` : line)));
      if (kept.length > keep) kept = kept.slice(-keep);
    },
    lines: () => [...kept],
  };
}
