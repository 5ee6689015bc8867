export interface JinkuConfig {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** host:port the gRPC server binds. */
  readonly grpcAddress: string;
  readonly databasePoolSize: number;
  /** Seconds a database connection may take to open before its query fails. */
  readonly databaseConnectTimeout: number;
  /** How often the server probes PostgreSQL for gRPC health, and how long one probe may take. */
  readonly healthIntervalMs: number;
  readonly healthTimeoutMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): JinkuConfig {
  return {
    databaseUrl: env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/jinku',
    redisUrl: env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    grpcAddress: env['JINKU_GRPC_ADDRESS'] ?? '127.0.0.1:50051',
    databasePoolSize: Number(env['JINKU_DB_POOL'] ?? 10),
    databaseConnectTimeout: Number(env['JINKU_DB_CONNECT_TIMEOUT'] ?? 5),
    healthIntervalMs: Number(env['JINKU_HEALTH_INTERVAL_MS'] ?? 1000),
    healthTimeoutMs: Number(env['JINKU_HEALTH_TIMEOUT_MS'] ?? 1000),
  };
}
