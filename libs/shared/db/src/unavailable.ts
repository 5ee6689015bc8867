import { unavailable, type DomainError } from '@jinku/kernel';

/** Socket errors of a connection that failed or broke: the server is down, restarting or unreachable. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The `postgres` driver's own codes for a connection it lost, gave up on or was told to drop. */
const DRIVER_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT']);

/**
 * SQLSTATEs of a server going away or not back yet: admin_shutdown (57P01), crash_shutdown (57P02),
 * cannot_connect_now (57P03, "the database system is starting up") and class 08, connection exception.
 */
const isServerGoingAway = (code: string) => code === '57P01' || code === '57P02' || code === '57P03' || code.startsWith('08');

/**
 * SQLSTATEs of a statement the database cut short (openDatabase's timeouts): query_canceled (57014, the
 * statement_timeout) and lock_not_available (55P03, the lock_timeout). The transaction rolled back.
 */
const CUT_STATEMENTS: ReadonlyMap<unknown, () => DomainError> = new Map([
  ['57014', () => unavailable('STATEMENT_TIMEOUT', 'the database took too long and cut the statement; retry the call')],
  ['55P03', () => unavailable('LOCK_TIMEOUT', 'the data is held by other work for too long; retry the call')],
]);

/** Whether a query failed because the database could not be reached, not because of the query. */
export function isConnectionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || DRIVER_CODES.has(code) || isServerGoingAway(code))) return true;
  // Node reports a refused connection to a host with several addresses (localhost) as an AggregateError.
  return Array.isArray(errors) && errors.length > 0 && errors.every(isConnectionError);
}

/**
 * A database error that a retry may cure, as a retryable refusal (UNAVAILABLE on the wire); anything else as
 * undefined. A lost connection (`DATABASE_UNAVAILABLE`) during COMMIT leaves the outcome unknown to us; a cut
 * statement (`STATEMENT_TIMEOUT`, `LOCK_TIMEOUT`) rolled its transaction back. Retrying with the same
 * idempotency key is safe either way.
 */
export function asUnavailable(error: unknown): DomainError | undefined {
  if (isConnectionError(error)) return unavailable('DATABASE_UNAVAILABLE', 'the database is unavailable; retry the call');
  return CUT_STATEMENTS.get((error as { code?: unknown } | null | undefined)?.code)?.();
}
