import { approvalsMigrations } from '@jinku/approvals';
import { databaseProbe, openDatabase, pendingMigrations, type Database } from '@jinku/db';
import type { RunningServer } from '@jinku/grpc-kit';
import { identityMigrations } from '@jinku/identity';
import { interestMigrations } from '@jinku/interest';
import { ledgerMigrations } from '@jinku/ledger';
import type { JinkuConfig, Logger } from '@jinku/runtime';
import { startJinkuServer } from './compose';
import { followDatabase } from './readiness';

/** Every context whose tables the server uses: the database must have all their migrations. */
export const SERVER_MIGRATIONS = [ledgerMigrations, identityMigrations, approvalsMigrations, interestMigrations];

/** The database lacks migrations this build ships: serving it would fail in unpredictable places. */
export class MigrationsBehindError extends Error {
  constructor(readonly missing: readonly string[]) {
    super(`the database lacks migrations this build needs: ${missing.join(', ')}; apply them with \`jinku-cli migrate\` (npm run cli -- migrate)`);
    this.name = 'MigrationsBehindError';
  }
}

export type ServeConfig = Pick<JinkuConfig, 'databaseUrl' | 'databasePoolSize' | 'databaseConnectTimeout' | 'grpcAddress' | 'healthIntervalMs' | 'healthTimeoutMs'>;

export interface Serving {
  readonly server: RunningServer;
  readonly database: Database;
  /** Stops probing, drains the server, closes the pool. */
  stop(): Promise<void>;
}

/**
 * The server as deployed: it listens at once, whether PostgreSQL is up or not, and gRPC health follows
 * the database (see followDatabase). A database whose migrations are behind is `onFatal`.
 */
export async function serve(config: ServeConfig, log: Logger, onFatal: (error: unknown) => void): Promise<Serving> {
  const database = openDatabase(config.databaseUrl, { max: config.databasePoolSize, connectTimeout: config.databaseConnectTimeout });
  const server = await startJinkuServer(database, log, config.grpcAddress);
  // It reports SERVING from the bind on (what tests of the services want); here not before the probe says so.
  server.setServing(false);
  const probe = databaseProbe(config.databaseUrl, config.healthTimeoutMs);
  const readiness = followDatabase({
    probe,
    intervalMs: config.healthIntervalMs,
    log,
    setServing: server.setServing,
    admit: async () => {
      const missing = await pendingMigrations(database, SERVER_MIGRATIONS);
      if (missing.length > 0) throw new MigrationsBehindError(missing);
    },
    onFatal,
  });
  return {
    server,
    database,
    async stop() {
      await readiness.stop();
      await probe.close();
      await server.shutdown();
      await database.close();
    },
  };
}
