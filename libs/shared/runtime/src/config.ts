import type { Logger } from 'pino';

/** PEM files: the server's certificate chain and key; with `caFile`, clients must show a certificate it signed. */
export interface TlsSettings {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile?: string;
}

export interface JinkuConfig {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** host:port the gRPC server binds. */
  readonly grpcAddress: string;
  /** TLS for the gRPC server; plaintext when unset. */
  readonly tls: TlsSettings | undefined;
  /** Whether the gRPC server offers reflection (grpcurl without proto files). */
  readonly grpcReflection: boolean;
  readonly databasePoolSize: number;
  /** Seconds a database connection may take to open before its query fails. */
  readonly databaseConnectTimeout: number;
  /** Milliseconds one statement of the server may run, and wait for a lock; 0: no limit. */
  readonly databaseStatementTimeoutMs: number;
  readonly databaseLockTimeoutMs: number;
  /** The worker's statement limit: none by default, as a quarter's interest for a large treasury runs long. */
  readonly workerStatementTimeoutMs: number;
  /** How often the server probes PostgreSQL for gRPC health, and how long one probe may take. */
  readonly healthIntervalMs: number;
  readonly healthTimeoutMs: number;
  /** host:port of the Prometheus endpoints (GET /metrics) of the server and of the worker; '' for none. */
  readonly metricsAddress: string;
  readonly workerMetricsAddress: string;
}

/** A setting that cannot be used as it is; restarting does not help, so the apps exit with EXIT_CONFIG. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** sysexits' EX_CONFIG: the supervisor in start.sh does not restart an app that exits with it. */
export const EXIT_CONFIG = 78;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): JinkuConfig {
  const number = (name: string, fallback: number) => {
    const value = env[name] ? Number(env[name]) : fallback;
    if (!Number.isFinite(value) || value < 0) throw new ConfigError(`${name} must be a number of at least 0, not "${env[name]}"`);
    return value;
  };
  const address = (name: string, fallback: string) => {
    const value = env[name] ?? fallback;
    if (value !== '' && !/^(\[[0-9A-Fa-f:.]+\]|[^\s:[\]]+):\d{1,5}$/.test(value)) throw new ConfigError(`${name} must be host:port or empty, not "${value}"`);
    return value;
  };
  return {
    databaseUrl: env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/jinku',
    redisUrl: env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    grpcAddress: env['JINKU_GRPC_ADDRESS'] ?? '127.0.0.1:50051',
    tls: tlsSettings(env),
    grpcReflection: switchSetting(env, 'JINKU_GRPC_REFLECTION', true),
    databasePoolSize: number('JINKU_DB_POOL', 10),
    databaseConnectTimeout: number('JINKU_DB_CONNECT_TIMEOUT', 5),
    databaseStatementTimeoutMs: number('JINKU_DB_STATEMENT_TIMEOUT_MS', 30_000),
    databaseLockTimeoutMs: number('JINKU_DB_LOCK_TIMEOUT_MS', 10_000),
    workerStatementTimeoutMs: number('JINKU_WORKER_DB_STATEMENT_TIMEOUT_MS', 0),
    healthIntervalMs: number('JINKU_HEALTH_INTERVAL_MS', 1000),
    healthTimeoutMs: number('JINKU_HEALTH_TIMEOUT_MS', 1000),
    metricsAddress: address('JINKU_METRICS_ADDRESS', '127.0.0.1:9464'),
    workerMetricsAddress: address('JINKU_WORKER_METRICS_ADDRESS', '127.0.0.1:9465'),
  };
}

/** The configuration, or a fatal log line naming the bad setting and exit EXIT_CONFIG. */
export function loadConfigOrExit(log: Logger, env: NodeJS.ProcessEnv = process.env): JinkuConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.fatal(error.message);
    process.exit(EXIT_CONFIG);
  }
}

const SWITCH_VALUES: Record<string, boolean> = { on: true, true: true, 1: true, off: false, false: false, 0: false };

/** on/true/1 or off/false/0 (any case); unset or empty is `fallback`. */
function switchSetting(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (!value) return fallback;
  const on = SWITCH_VALUES[value];
  if (on === undefined) throw new ConfigError(`${name} must be on/true/1 or off/false/0, not "${env[name]}"`);
  return on;
}

/** Certificate and key go together; a CA (client certificates) needs them. */
function tlsSettings(env: NodeJS.ProcessEnv): TlsSettings | undefined {
  const certFile = env['JINKU_TLS_CERT'] || undefined;
  const keyFile = env['JINKU_TLS_KEY'] || undefined;
  const caFile = env['JINKU_TLS_CA'] || undefined;
  if (!certFile && !keyFile && !caFile) return undefined;
  if (!certFile || !keyFile) throw new ConfigError('JINKU_TLS_CERT and JINKU_TLS_KEY must be set together (JINKU_TLS_CA needs both)');
  return caFile ? { certFile, keyFile, caFile } : { certFile, keyFile };
}
