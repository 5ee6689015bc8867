import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AppOptions {
  /** The workspace root (or a deployment: `dist/` next to `node_modules/`); the child's working directory. */
  readonly root: string;
  /** The built app, relative to `root`, e.g. `dist/apps/server/main.cjs`. */
  readonly bundle: string;
  /** Added to our environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly nodeArgs?: readonly string[];
  /** Receives the child's stdout and stderr; our stderr by default, so our stdout stays the caller's report. */
  readonly output?: (chunk: Buffer) => void;
}

/** How a child ended: its exit code, or the signal that ended it. */
export interface Ending {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface AppProcess {
  readonly pid: number;
  /** Resolves when the child has exited; rejects if it died without being told to (`end` or `stop`). */
  readonly exited: Promise<void>;
  /** How the child ended, or null while it runs: a failed call is explained by this first. */
  exitStatus(): string | null;
  /**
   * Ends the child on purpose — SIGKILL for a crash, SIGTERM for a stop — and waits for the exit; SIGKILL
   * after `timeoutMs` if it is still there. Resolves with how it ended (already ended: how it did).
   */
  end(signal: NodeJS.Signals, timeoutMs?: number): Promise<Ending>;
  /** SIGTERM, and SIGKILL after 15 s. */
  stop(): Promise<void>;
}

/** Runs a built app (what production runs, not the TypeScript sources) as a child process. */
export function startApp(options: AppOptions): AppProcess {
  const bundle = join(options.root, options.bundle);
  if (!existsSync(bundle)) throw new Error(`${options.bundle} is missing: run \`npx nx run ${basename(dirname(bundle))}:build\` first`);
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bundle], {
    cwd: options.root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = options.output ?? ((chunk: Buffer) => process.stderr.write(chunk));
  child.stdout.on('data', output);
  child.stderr.on('data', output);

  // Last resort if our own process exits without running its cleanup.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let expected = false;
  const ending = new Promise<Ending>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      resolve({ code, signal });
    });
  });
  const exited = ending.then(({ code, signal }) => {
    if (!expected) throw new Error(`${options.bundle} exited unexpectedly (code ${code}, signal ${signal})`);
  });
  exited.catch(() => undefined); // observed by whoever awaits it; never an unhandled rejection

  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const end = async (signal: NodeJS.Signals, timeoutMs = 15_000) => {
    if (!hasExited()) {
      expected = true;
      child.kill(signal);
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await ending;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    pid: child.pid!,
    exited,
    exitStatus: () => (hasExited() ? `${options.bundle} exited (code ${child.exitCode}, signal ${child.signalCode})` : null),
    end,
    async stop() {
      await end('SIGTERM');
    },
  };
}
