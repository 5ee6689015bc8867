import { isConnectionError, type DatabaseProbe } from '@jinku/db';
import type { Logger } from '@jinku/runtime';

export interface ReadinessOptions {
  readonly probe: DatabaseProbe;
  readonly intervalMs: number;
  readonly log: Logger;
  readonly setServing: (serving: boolean) => void;
  /**
   * Runs when the database first answers (until it passes): whether this database may be served. A lost
   * connection is tried again at the next probe; any other failure is fatal.
   */
  readonly admit: () => Promise<void>;
  /** The database may not be served: health stays NOT_SERVING and probing stops. */
  readonly onFatal: (error: unknown) => void;
}

export interface Readiness {
  stop(): Promise<void>;
}

/**
 * gRPC health follows PostgreSQL: NOT_SERVING until the probe reaches it and `admit` passes, then SERVING
 * or NOT_SERVING as each probe finds it, so load balancers and clients wait out an outage.
 */
export function followDatabase(options: ReadinessOptions): Readiness {
  const { probe, log } = options;
  let admitted = false;
  let serving = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const probeOnce = async (): Promise<boolean> => {
    if (!(await probe.check())) return false;
    if (admitted) return true;
    try {
      await options.admit();
      admitted = true;
      return true;
    } catch (error) {
      if (isConnectionError(error)) return false;
      stopped = true;
      options.onFatal(error);
      return false;
    }
  };

  const tick = async () => {
    const next = await probeOnce();
    if (stopped || next === serving) return;
    serving = next;
    options.setServing(next);
    if (next) log.info('database reachable: SERVING');
    else log.warn('database unreachable: NOT_SERVING');
  };

  const loop = async (): Promise<void> => {
    await tick();
    if (!stopped) timer = setTimeout(() => (running = loop()), options.intervalMs);
  };
  let running = loop();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
