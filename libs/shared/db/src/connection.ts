import postgres from 'postgres';

export type Sql = postgres.Sql;

/**
 * The pool every context queries through, with postgres.js tagged SQL (bulk writes use unnest()).
 * drizzle is kept to schemas and migrations: its driver rewrites the pool's serializers for date and
 * numeric arrays, which the bulk posting path relies on.
 */
export interface Database {
  readonly url: string;
  readonly sql: Sql;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Pool size; posting throughput wants a few connections, tests want few. */
  readonly max?: number;
  /** Seconds a new connection may take to open before its query fails (the driver waits 30). */
  readonly connectTimeout?: number;
  /**
   * Milliseconds one statement may run (statement_timeout) and wait for a lock (lock_timeout), set on each
   * connection as it opens; 0 turns the limit off, unset leaves the database's own setting. A statement cut
   * by either fails with 57014 or 55P03, which `asUnavailable` makes a retryable refusal.
   */
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
}

/**
 * Seconds before a connection retries after a failed attempt. The driver's default grows with the failures
 * the whole pool has counted, up to 20 s, so after an outage the pool came back seconds late and at half
 * strength. A refused connection is cheap, so retry soon: 50 ms per failure, at most 250 ms.
 */
export const reconnectDelay = (failures: number): number => Math.min(0.05 * failures, 0.25);

export function openDatabase(url: string, options: OpenOptions = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    connect_timeout: options.connectTimeout ?? 5,
    backoff: reconnectDelay,
    onnotice: () => undefined,
    connection: timeoutParameters(options),
  });
  // NUMERIC arrives as text, so amounts reach decimal.js without passing through a float.
  return { url, sql, close: () => sql.end({ timeout: 5 }) };
}

/** Startup parameters; as text, since the driver leaves out a parameter whose value is falsy (the number 0). */
function timeoutParameters(options: OpenOptions): Record<string, string> {
  const parameters: Record<string, string> = {};
  if (options.statementTimeoutMs !== undefined) parameters['statement_timeout'] = String(options.statementTimeoutMs);
  if (options.lockTimeoutMs !== undefined) parameters['lock_timeout'] = String(options.lockTimeoutMs);
  return parameters;
}

/** Creates the database named in `url` if it does not exist yet (first start on a fresh machine). */
export async function ensureDatabaseExists(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => undefined });
  try {
    const [row] = await sql`select 1 as found from pg_database where datname = ${name}`;
    if (!row) await sql.unsafe(`create database "${name.replaceAll('"', '""')}"`);
  } catch (error) {
    // Two processes racing to create it: the loser sees duplicate_database, which is fine.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** A connection inside `sql.begin(...)`. */
export type Tx = postgres.TransactionSql;
