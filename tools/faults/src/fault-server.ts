import { startServer, waitForHealth, type Ending, type ServerOptions, type ServerProcess } from '@jinku/local-services';

/** The compiled server under test: ended on purpose by a scenario and restarted on the same address. */
export interface FaultServer {
  readonly address: string;
  /** The process serving now, to ask whether it still runs (`exitStatus`). */
  current(): ServerProcess;
  /** Ends it with `signal` (SIGKILL: a crash; SIGTERM: a stop) and waits for the exit. */
  end(signal: NodeJS.Signals, timeoutMs?: number): Promise<Ending>;
  /**
   * Starts a new server on the address of the last one, as a supervisor would (the clients reconnect to
   * it), and resolves once it reports SERVING.
   */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the server; each start waits until it reports SERVING (it reached PostgreSQL), at most `readyTimeoutMs`. */
export async function startFaultServer(options: Omit<ServerOptions, 'address'>, readyTimeoutMs: number): Promise<FaultServer> {
  const serving = async (address?: string) => {
    const started = await startServer({ ...options, address });
    await Promise.race([waitForHealth(started.address, 'SERVING', readyTimeoutMs), started.exited]).catch(async (error: unknown) => {
      await started.stop();
      throw error;
    });
    return started;
  };
  let server = await serving();
  const { address } = server;
  return {
    address,
    current: () => server,
    end: (signal, timeoutMs) => server.end(signal, timeoutMs),
    async restart() {
      server = await serving(address);
    },
    stop: () => server.stop(),
  };
}
