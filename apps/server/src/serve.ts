import { ALL_MIGRATIONS } from '@jinku/all-migrations';
import { databaseProbe, openDatabase, pendingMigrations, type Database } from '@jinku/db';
import type { RunningServer } from '@jinku/grpc-kit';
import type { SealKeyring } from '@jinku/seals';
import { serveMetrics, type JinkuConfig, type Logger, type MetricsEndpoint } from '@jinku/runtime';
import { startJinkuServer } from './compose';
import { serverMetrics } from './metrics';
import { followDatabase } from './readiness';

/** Every context whose tables the server uses: the database must have all their migrations. */
export const SERVER_MIGRATIONS = ALL_MIGRATIONS;

/** The database lacks migrations this build ships: serving it would fail in unpredictable places. */
export class MigrationsBehindError extends Error {
  constructor(readonly missing: readonly string[]) {
    super(`the database lacks migrations this build needs: ${missing.join(', ')}; apply them with \`jinku-cli migrate\` (npm run cli -- migrate)`);
    this.name = 'MigrationsBehindError';
  }
}

export type ServeConfig = Pick<
  JinkuConfig,
  | 'databaseUrl'
  | 'databasePoolSize'
  | 'databaseConnectTimeout'
  | 'databaseStatementTimeoutMs'
  | 'databaseLockTimeoutMs'
  | 'grpcAddress'
  | 'tls'
  | 'grpcReflection'
  | 'healthIntervalMs'
  | 'healthTimeoutMs'
  | 'metricsAddress'
> & { readonly sealKeyring?: SealKeyring };

export interface Serving {
  readonly server: RunningServer;
  readonly database: Database;
  /** The Prometheus endpoint; none when turned off or its port was taken. */
  readonly metrics: MetricsEndpoint | undefined;
  /** Stops probing, drains the server, closes the pool, then the metrics endpoint. */
  stop(): Promise<void>;
}

/**
 * The server as deployed: it listens at once, whether PostgreSQL is up or not, and gRPC health follows
 * the database (see followDatabase). A database whose migrations are behind is `onFatal`.
 */
export async function serve(config: ServeConfig, log: Logger, onFatal: (error: unknown) => void): Promise<Serving> {
  const metrics = serverMetrics();
  const metricsEndpoint = await serveMetrics(metrics.registry, config.metricsAddress, log);
  const database = openDatabase(config.databaseUrl, {
    max: config.databasePoolSize,
    connectTimeout: config.databaseConnectTimeout,
    statementTimeoutMs: config.databaseStatementTimeoutMs,
    lockTimeoutMs: config.databaseLockTimeoutMs,
  });
  const server = await startJinkuServer(database, log, {
    address: config.grpcAddress,
    tls: config.tls,
    reflection: config.grpcReflection,
    metrics,
    sealKeyring: config.sealKeyring,
  });
  // It reports SERVING from the bind on (what tests of the services want); here not before the probe says so.
  server.setServing(false);
  const probe = databaseProbe(config.databaseUrl, config.healthTimeoutMs);
  const readiness = followDatabase({
    probe,
    intervalMs: config.healthIntervalMs,
    log,
    setServing: (serving) => {
      server.setServing(serving);
      metrics.setDatabaseUp(serving);
    },
    admit: async () => {
      const missing = await pendingMigrations(database, SERVER_MIGRATIONS);
      if (missing.length > 0) throw new MigrationsBehindError(missing);
    },
    onFatal,
  });
  return {
    server,
    database,
    metrics: metricsEndpoint,
    async stop() {
      await readiness.stop();
      await probe.close();
      await server.shutdown();
      await database.close();
      await metricsEndpoint?.close();
    },
  };
}
