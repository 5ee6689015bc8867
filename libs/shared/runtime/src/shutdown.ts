import type { Logger } from 'pino';

export type ShutdownStep = readonly [name: string, run: () => Promise<void>];

/** Runs the steps in order on SIGTERM or SIGINT (once), then exits; a hard deadline stops a stuck step. */
export function onShutdown(log: Logger, steps: readonly ShutdownStep[], deadlineMs = 30_000): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error({ deadlineMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, deadlineMs).unref();
    let failed = false;
    for (const [name, run] of steps) {
      try {
        await run();
        log.info({ step: name }, 'stopped');
      } catch (error) {
        failed = true;
        log.error({ step: name, err: error }, 'failed to stop cleanly');
      }
    }
    process.exit(failed ? 1 : 0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}
