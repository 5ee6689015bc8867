import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const run = promisify(execFile);

/**
 * A redis-server of the caller's own, without persistence, on a free port: tests and the fault kit stop
 * and restart it, which they must never do to the machine's Redis that other tests share.
 */
export interface OwnRedis {
  readonly url: string;
  /** Starts it (again), empty; resolves once it answers. */
  start(): Promise<void>;
  /** Shuts it down without saving: what a crash of a Redis without persistence loses. */
  stop(): Promise<void>;
  /** Stops it and removes its directory; for afterAll. */
  dispose(): Promise<void>;
}

export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'jinku-redis-'));
  const cli = (...args: string[]) => run('redis-cli', ['-p', String(port), ...args]);
  const redis: OwnRedis = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      await run('redis-server', [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--pidfile', join(dir, 'redis.pid')],
        ...['--save', '', '--appendonly', 'no', '--daemonize', 'yes'],
      ]);
      for (let tries = 0; (await cli('ping').catch(() => ({ stdout: '' }))).stdout.trim() !== 'PONG'; tries++) {
        if (tries === 50) throw new Error(`redis-server on port ${port} did not start`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      await cli('shutdown', 'nosave').catch(() => undefined); // already down
    },
    async dispose() {
      await redis.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await redis.start();
  return redis;
}
