import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalPostgres, type LocalPostgres } from './local-postgres';
import { isConnectionError } from './unavailable';

const CHILD = fileURLToPath(new URL('./driver-crash.child.mjs', import.meta.url));
const TRANSACTIONS = 8;

let postgres: LocalPostgres;

beforeAll(async () => {
  postgres = await createLocalPostgres();
  await postgres.start();
});

afterAll(async () => {
  await postgres?.destroy();
});

interface Run {
  readonly exitCode: number | null;
  readonly stderr: string;
  /** How the transactions in flight at the fault ended. */
  readonly failed: string[];
  /** How fresh queries on the same pool went once the server was back. */
  readonly after: string[];
}

/** Runs the child: `fault` strikes while its transactions wait inside PostgreSQL, then the server restarts. */
async function runThrough(fault: () => void | Promise<void>): Promise<Run> {
  const child = spawn(process.execPath, [CHILD], { env: { ...process.env, DATABASE_URL: postgres.url(), TRANSACTIONS: String(TRANSACTIONS) } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const report: Partial<Run> = {};
  for await (const line of createInterface({ input: child.stdout })) {
    if (line === 'ready') {
      await fault();
      continue;
    }
    const message = JSON.parse(line) as Partial<Run>;
    Object.assign(report, message);
    if (message.failed) {
      await postgres.start();
      child.stdin.write('again\n');
    }
  }
  return { exitCode: await exited, stderr, failed: report.failed ?? [], after: report.after ?? [] };
}

/**
 * postgres 3.4.9 writes the ROLLBACK of a transaction whose connection just died from a setImmediate onto
 * the socket closed() has set to null: an uncaught TypeError kills the process (porsager/postgres#1066,
 * #1154, #1208). And a connection closed after an error response keeps that error, failing the first
 * query of its next connection. patches/postgres+3.4.9.patch fixes both.
 */
describe('the postgres driver when PostgreSQL goes away under open transactions', () => {
  it('survives a killed postmaster: the transactions fail with a connection error, the pool recovers', async () => {
    const run = await runThrough(() => postgres.kill());
    expect(run.stderr).not.toMatch(/TypeError/);
    expect(run.exitCode).toBe(0);
    expect(run.failed).toHaveLength(TRANSACTIONS);
    for (const code of run.failed) expect(isConnectionError({ code })).toBe(true);
    expect(run.after).toEqual(Array(TRANSACTIONS).fill('ok'));
  });

  it('survives a fast shutdown (57P01 to every backend) and the first queries after it succeed', async () => {
    const run = await runThrough(() => postgres.stop());
    expect(run.stderr).not.toMatch(/TypeError/);
    expect(run.exitCode).toBe(0);
    for (const code of run.failed) expect(isConnectionError({ code })).toBe(true);
    expect(run.after).toEqual(Array(TRANSACTIONS).fill('ok'));
  });
});
