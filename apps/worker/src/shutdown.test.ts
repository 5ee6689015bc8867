import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { approvalsMigrations } from '@jinku/approvals';
import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import { interestMigrations } from '@jinku/interest';
import { ledgerMigrations } from '@jinku/ledger';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ownRedis, type OwnRedis } from '@jinku/local-services';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let redis: OwnRedis;
let database: TestDatabase;
let child: ChildProcess | undefined;

beforeAll(async () => {
  redis = await ownRedis();
  database = await createTestDatabase([ledgerMigrations, approvalsMigrations, interestMigrations]);
});

afterAll(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  await database?.drop();
  await redis?.dispose();
});

/** Runs the real main.ts from source (tsx with the repository's path map) against our Redis and database. */
function startMain(): { messages: string[]; logged(message: string): Promise<void>; exited: Promise<[number | null, string | null]> } {
  child = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: 'tsconfig.base.json',
      REDIS_URL: redis.url,
      DATABASE_URL: database.url,
      // Port 0: a worker of `npm start` may hold the default metrics port.
      JINKU_WORKER_METRICS_ADDRESS: '127.0.0.1:0',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const messages: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('{')) messages.push((JSON.parse(line) as { msg: string }).msg);
  });
  return {
    messages,
    logged: (message) => vi.waitFor(() => expect(messages).toContain(message), { timeout: 30_000, interval: 100 }),
    exited: once(child, 'exit') as Promise<[number | null, string | null]>,
  };
}

/** Sends SIGTERM and expects a clean exit within 5 s. */
async function expectPromptCleanStop(main: ReturnType<typeof startMain>): Promise<void> {
  const stoppedAt = Date.now();
  child!.kill('SIGTERM');
  const [code, signal] = await main.exited;
  expect({ code, signal }).toEqual({ code: 0, signal: null });
  expect(Date.now() - stoppedAt).toBeLessThan(5_000);
  expect(main.messages).toEqual(expect.arrayContaining(['shutting down', 'redis is down: closing without waiting for the running job', 'worker closed']));
}

describe('worker process', () => {
  it('stops within a few seconds, exit code 0, when told to while Redis is down', async () => {
    const main = startMain();
    await main.logged('schedules upserted; catch-up queued');
    await redis.stop();
    await main.logged('redis connection lost; reconnecting');
    await expectPromptCleanStop(main);
  });

  it('stops as cleanly when Redis has been down since it started', async () => {
    await redis.stop();
    const main = startMain();
    await main.logged('worker started');
    await expectPromptCleanStop(main);
    expect(main.messages).not.toContain('redis ready');
  });
});
