import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A throw-away PostgreSQL cluster of the test's own, for fault tests that stop or kill the server: the
 * machine's PostgreSQL is shared with every other test and must never be touched.
 */
export interface LocalPostgres {
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:<port>/<database>`. */
  url(database?: string): string;
  /** Starts the postmaster and waits until it accepts connections (retrying while a killed one's backends linger). */
  start(): Promise<void>;
  /** A clean, fast shutdown. */
  stop(): Promise<void>;
  /** SIGKILL to the postmaster: the crash. Its backends notice and exit on their own. */
  kill(): void;
  /** Stops whatever still runs and deletes the cluster; safe to call in afterAll even after a failure. */
  destroy(): Promise<void>;
}

/** initdb into a temporary folder and pick a free port; the cluster is not started yet. */
export async function createLocalPostgres(): Promise<LocalPostgres> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'jinku-pg-'));
  const data = join(dir, 'data');
  // initdb refuses to run as root: then the cluster belongs to the postgres OS user.
  const asOwner = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const exec = (tool: string, args: string[]) => {
    const [command, ...rest] = [...asOwner, join(bin, tool), ...args];
    return run(command!, rest);
  };
  try {
    if (asOwner.length > 0) {
      const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
      chownSync(dir, Number(uid.stdout), Number(gid.stdout));
    }
    await exec('initdb', ['-D', data, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const port = await freePort();
  const postmasterPid = () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const pgCtl = (...args: string[]) => exec('pg_ctl', ['-D', data, '-s', ...args]);

  return {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      // fsync off: a killed postmaster is not a power cut, the page cache survives it.
      const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
      for (let attempt = 1; ; attempt++) {
        try {
          await pgCtl('-l', join(dir, 'log'), '-w', '-t', '30', '-o', options, 'start');
          return;
        } catch (error) {
          // After a SIGKILL the old backends hold the shared memory for a moment ("still in use").
          if (attempt === 20) throw new Error(`PostgreSQL did not start: ${String(error)}\n${readFileSync(join(dir, 'log'), 'utf8').slice(-2000)}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    },
    async stop() {
      await pgCtl('-m', 'fast', '-w', 'stop');
    },
    kill() {
      process.kill(postmasterPid(), 'SIGKILL');
    },
    async destroy() {
      if (existsSync(join(data, 'postmaster.pid'))) {
        await pgCtl('-m', 'immediate', '-w', 'stop').catch(() => undefined);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The newest installed server's binaries (Debian layout), or JINKU_PG_BIN. */
function postgresBin(): string {
  const configured = process.env['JINKU_PG_BIN'];
  if (configured) return configured;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`no PostgreSQL server binaries under ${root}; set JINKU_PG_BIN`);
  return join(root, newest, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
