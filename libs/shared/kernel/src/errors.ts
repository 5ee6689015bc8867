/** How a refusal maps to the outside world (gRPC status codes in the transport layer). */
export type ErrorKind =
  | 'invalid_argument'
  | 'failed_precondition'
  | 'permission_denied'
  | 'not_found'
  | 'already_exists'
  | 'unauthenticated'
  | 'aborted'
  /** Not a refusal of the request but of the moment (the database is unreachable): retry it later. */
  | 'unavailable';

/**
 * A refusal by a business rule. `reason` is stable and machine-readable (UPPER_SNAKE_CASE);
 * clients switch on it, so never reword an existing one.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly reason: string,
    message: string,
    readonly details: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

const refusal =
  (kind: ErrorKind) =>
  (reason: string, message: string, details: Record<string, string> = {}) =>
    new DomainError(kind, reason, message, details);

export const invalidArgument = refusal('invalid_argument');
export const failedPrecondition = refusal('failed_precondition');
export const permissionDenied = refusal('permission_denied');
export const notFound = refusal('not_found');
export const alreadyExists = refusal('already_exists');
export const unauthenticated = refusal('unauthenticated');
export const unavailable = refusal('unavailable');
