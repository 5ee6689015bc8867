export interface JinkuConfig {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** host:port the gRPC server binds. */
  readonly grpcAddress: string;
  readonly databasePoolSize: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): JinkuConfig {
  return {
    databaseUrl: env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/jinku',
    redisUrl: env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    grpcAddress: env['JINKU_GRPC_ADDRESS'] ?? '127.0.0.1:50051',
    databasePoolSize: Number(env['JINKU_DB_POOL'] ?? 10),
  };
}
