import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const SERVER_BUNDLE = 'dist/apps/server/main.cjs';

export interface ServerOptions {
  readonly root: string;
  readonly databaseUrl: string;
  readonly poolSize: number;
  /** Folder for a V8 CPU profile of the server (written when it exits), or undefined for none. */
  readonly cpuProfileDir: string | undefined;
}

export interface ServerProcess {
  readonly address: string;
  readonly pid: number;
  /** Resolves when the child has exited; throws if it died before `stop()` was called. */
  readonly exited: Promise<void>;
  /** How the child ended, or null while it runs: a failed call is explained by this first. */
  exitStatus(): string | null;
  stop(): Promise<void>;
}

/** A port nobody listens on right now: bind port 0 on loopback, read it, let it go. */
async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Runs the compiled server (what production runs, not the TypeScript sources) as a child process. Its
 * log goes to our stderr, so stdout stays the report.
 */
export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const bundle = join(options.root, SERVER_BUNDLE);
  if (!existsSync(bundle)) throw new Error(`${SERVER_BUNDLE} is missing: run \`npx nx run server:build\` first`);
  const address = `127.0.0.1:${await freeLoopbackPort()}`;
  const profiling = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profiling, bundle], {
    cwd: options.root,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      JINKU_GRPC_ADDRESS: address,
      JINKU_DB_POOL: String(options.poolSize),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(process.stderr);
  child.stderr?.pipe(process.stderr);

  let stopping = false;
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      stopping ? resolve() : reject(new Error(`server exited unexpectedly (code ${code}, signal ${signal})`)),
    );
  });
  exited.catch(() => undefined); // observed by whoever awaits it; never an unhandled rejection
  // Last resort if the bench itself dies without running its cleanup.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  return {
    address,
    pid: child.pid!,
    exited,
    exitStatus: () =>
      child.exitCode !== null || child.signalCode !== null ? `server exited (code ${child.exitCode}, signal ${child.signalCode})` : null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      child.kill('SIGTERM'); // graceful: flushes the CPU profile and closes the pool
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited.catch(() => undefined);
      clearTimeout(timer);
      process.off('exit', killOnExit);
    },
  };
}
