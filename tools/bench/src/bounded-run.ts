/**
 * Bounds a bench: past `watchdogMs`, or on Ctrl-C / SIGTERM, the cleanup (server stopped, pools closed) runs
 * once and the process exits; a run that ends on its own calls `finish()`, which runs the same cleanup once.
 */
export function boundedRun(watchdogMs: number, progress: (text: string) => void) {
  let cleanup: () => Promise<void> = async () => undefined;
  let cleaned: Promise<void> | undefined;
  const once = () => (cleaned ??= cleanup());
  const watchdog = setTimeout(() => {
    progress(`still running after ${Math.round(watchdogMs / 1000)} s; giving up`);
    void once().finally(() => process.exit(2));
  }, watchdogMs);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void once().finally(() => process.exit(130)));
  }
  return {
    onCleanup(work: () => Promise<void>): void {
      cleanup = work;
    },
    async finish(): Promise<void> {
      clearTimeout(watchdog);
      await once();
    },
  };
}
