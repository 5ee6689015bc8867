import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { credentials } from '@grpc/grpc-js';
import { workspaceRoot } from '@jinku/db';
import { waitForHealth } from '@jinku/local-services';
import { ledgerV1 } from '@jinku/proto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receipt } from './testing/deployed';
import { bearer, call } from './testing/harness';

const run = promisify(execFile);
const root = workspaceRoot();
// A copy of dist/ next to node_modules and nothing else: no nx.json above it, no JINKU_ROOT.
const deployed = mkdtempSync(join(tmpdir(), 'jinku-dist-'));
const databaseName = `jinku_dist_${randomBytes(6).toString('hex')}`;
const sharedServer = new URL(process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const databaseUrl = Object.assign(new URL(sharedServer), { pathname: `/${databaseName}` }).toString();
// Port 0 for metrics too: a server of `npm start` may hold the default port.
const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, JINKU_GRPC_ADDRESS: '127.0.0.1:0', JINKU_METRICS_ADDRESS: '127.0.0.1:0', LOG_LEVEL: 'info' };
delete env['JINKU_ROOT'];
let server: ChildProcess | undefined;

const cli = async (...args: string[]) => (await run(process.execPath, [join(deployed, 'dist/apps/cli/main.cjs'), ...args], { cwd: deployed, env })).stdout.trim();

beforeAll(async () => {
  await run('npx', ['nx', 'run-many', '-t', 'build', '-p', 'server', 'cli', '--outputStyle=static'], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  cpSync(join(root, 'dist/apps'), join(deployed, 'dist/apps'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(deployed, 'node_modules'));
}, 120_000);

afterAll(async () => {
  server?.kill('SIGKILL');
  const admin = postgres(Object.assign(new URL(sharedServer), { pathname: '/postgres' }).toString(), { max: 1, onnotice: () => undefined });
  await admin.unsafe(`drop database if exists ${databaseName} with (force)`);
  await admin.end({ timeout: 5 });
  rmSync(deployed, { recursive: true, force: true });
});

describe('the built apps, copied out of the source tree', () => {
  it('migrate, seed and serve with the migrations and protos they ship', async () => {
    await cli('migrate');
    await cli('seed-demo');
    const key = await cli('issue-machine-key', 'sz.tips');

    server = spawn(process.execPath, [join(deployed, 'dist/apps/server/main.cjs')], { cwd: deployed, env, stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve) =>
      createInterface({ input: server!.stdout! }).on('line', (line) => {
        const entry = JSON.parse(line) as { msg: string; port?: number };
        if (entry.msg === 'gRPC server listening') resolve(entry.port!);
      }),
    );
    const address = `127.0.0.1:${port}`;
    await waitForHealth(address, 'SERVING');

    const ledger = new ledgerV1.LedgerServiceClient(address, credentials.createInsecure());
    const posted = await call(ledger.postVoucher.bind(ledger), { ...receipt('dist-1'), summary: '从 dist 入库' }, bearer(key));
    ledger.close();
    expect(posted).toMatchObject({ ok: true });

    const exited = new Promise<number | null>((resolve) => server!.on('exit', resolve));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
