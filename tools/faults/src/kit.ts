import { openDatabase, workspaceRoot } from '@jinku/db';
import { createLocalPostgres } from '@jinku/db/testing';
import { ownRedis } from '@jinku/local-services';
import { POSTING_PRINCIPAL, prepareDemoBooks } from './demo-books';
import { startFaultServer } from './fault-server';
import { logTail } from './log-tail';
import { runScenario, type LoadPlan, type ScenarioResult } from './run-scenario';
import type { ScenarioName } from './scenario';
import { SCENARIOS } from './scenarios';

export interface KitSettings extends LoadPlan {
  /** How long anything may take to come back before that is a violation. */
  readonly recoveryTimeoutMs: number;
  readonly postgresDownMs: number;
  /** Stream the server's and worker's logs to stderr instead of keeping their tail for a failure. */
  readonly verbose: boolean;
}

export interface FaultKit {
  run(name: ScenarioName): Promise<ScenarioResult>;
  /** The children's last log lines, for a failure report. */
  logLines(): string[];
  /** Stops everything the kit started; safe to call after a failure, and more than once. */
  close(): Promise<void>;
}

/** The server's pool: the deployment default (JINKU_DB_POOL). */
const POOL_SIZE = 10;

/**
 * Everything the scenarios share, of the kit's own: a PostgreSQL cluster and a Redis (never the machine's),
 * the demo books loaded by the built cli, and the built server serving them. The scenarios run one after
 * another on the same books, each with its own idempotency keys.
 */
export async function openFaultKit(settings: KitSettings, progress: (line: string) => void): Promise<FaultKit> {
  const root = workspaceRoot();
  const logs = logTail(settings.verbose);
  const closers: (() => Promise<void>)[] = [];
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      for (const closer of closers.reverse()) await closer().catch((error: unknown) => progress(`cleanup failed: ${String(error)}`));
    })());
  try {
    const postgres = await createLocalPostgres();
    closers.push(() => postgres.destroy());
    await postgres.start();
    const redis = await ownRedis();
    closers.push(() => redis.dispose());
    progress(`PostgreSQL and Redis of the kit's own on ports ${postgres.port} and ${new URL(redis.url).port}`);
    const databaseUrl = postgres.url('jinku_faults');
    const { key } = await prepareDemoBooks(root, databaseUrl);
    progress(`demo books loaded with the built cli; ${POSTING_PRINCIPAL} keyed`);
    const database = openDatabase(databaseUrl, { max: 2 });
    closers.push(() => database.close());
    const server = await startFaultServer({ root, databaseUrl, poolSize: POOL_SIZE, output: logs.write }, settings.recoveryTimeoutMs);
    closers.push(() => server.stop());
    progress(`built server serving on ${server.address}`);
    const { recoveryTimeoutMs, postgresDownMs } = settings;
    const environment = { root, databaseUrl, server, postgres, redis, recoveryTimeoutMs, postgresDownMs, output: logs.write, sql: database.sql, key };
    return {
      run: (name) => runScenario(SCENARIOS[name], environment, settings),
      logLines: logs.lines,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
