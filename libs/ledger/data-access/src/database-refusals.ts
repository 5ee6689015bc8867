import { failedPrecondition, invalidArgument, type DomainError } from '@jinku/kernel';

/** postgres.js errors carry the SQLSTATE in `code` and, for constraint violations, the constraint's name. */
interface DatabaseError {
  readonly code?: string;
  readonly constraint_name?: string;
}

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock
/**
 * A concurrent transaction posted the same idempotency key (or reversed the same voucher) first: the
 * unique index made us wait for its commit, and a retry now finds its voucher and replays it.
 */
const RACED_CONSTRAINTS = new Set(['vouchers_idempotency', 'vouchers_reversed_once']);

export function isRetryable(error: unknown): boolean {
  const { code, constraint_name: constraint } = error as DatabaseError;
  return RETRYABLE.has(code ?? '') || (code === '23505' && RACED_CONSTRAINTS.has(constraint ?? ''));
}

/**
 * When the database refuses a statement because of the data it carries — a value it cannot store (class
 * 22, data exception) or a constraint it keeps (class 23) — the fault lies with one voucher of the batch,
 * and this is the refusal that voucher gets once it is found. Anything else (a lost connection, a bug in
 * a statement) is every voucher's fault: null.
 */
export function refusalOfData(error: unknown): DomainError | null {
  const code = (error as DatabaseError).code ?? '';
  if (isRetryable(error)) return null;
  if (code.startsWith('22')) {
    return invalidArgument('UNSTORABLE_VALUE', `the books cannot store a value of this voucher (SQLSTATE ${code})`, { sqlState: code });
  }
  if (code.startsWith('23')) {
    return failedPrecondition('REFUSED_BY_DATABASE', `a constraint of the books refused this voucher (SQLSTATE ${code})`, { sqlState: code });
  }
  return null;
}
