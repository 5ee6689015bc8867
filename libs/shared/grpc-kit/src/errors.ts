import { Metadata, status, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import { DomainError, type ErrorKind } from '@jinku/kernel';
import { Any, googleRpc, Status } from '@jinku/proto';

export const ERROR_DOMAIN = 'jinku.treasury';
const STATUS_DETAILS = 'grpc-status-details-bin';
const REASON_HEADER = 'jinku-reason';
const ERROR_INFO_TYPE = 'type.googleapis.com/google.rpc.ErrorInfo';

export const STATUS_OF_KIND: Record<ErrorKind, status> = {
  invalid_argument: status.INVALID_ARGUMENT,
  failed_precondition: status.FAILED_PRECONDITION,
  permission_denied: status.PERMISSION_DENIED,
  not_found: status.NOT_FOUND,
  already_exists: status.ALREADY_EXISTS,
  unauthenticated: status.UNAUTHENTICATED,
  aborted: status.ABORTED,
};

/** A refusal as a gRPC status: code, message, ErrorInfo details (AIP-193) and a plain reason trailer. */
export function toStatus(error: DomainError): Partial<StatusObject> {
  const code = STATUS_OF_KIND[error.kind];
  const info = googleRpc.ErrorInfo.encode({ reason: error.reason, domain: ERROR_DOMAIN, metadata: { ...error.details } }).finish();
  const details = Status.encode({
    code,
    message: error.message,
    details: [Any.fromPartial({ typeUrl: ERROR_INFO_TYPE, value: Buffer.from(info) })],
  }).finish();
  const metadata = new Metadata();
  metadata.set(STATUS_DETAILS, Buffer.from(details));
  metadata.set(REASON_HEADER, error.reason);
  return { code, details: error.message, metadata };
}

/** The machine-readable reason of a failed call, from its ErrorInfo; '' when there is none. */
export function reasonOf(error: ServiceError): string {
  const [raw] = error.metadata?.get(STATUS_DETAILS) ?? [];
  if (!(raw instanceof Buffer)) return '';
  const info = Status.decode(raw).details.find((d) => d.typeUrl === ERROR_INFO_TYPE);
  return info ? googleRpc.ErrorInfo.decode(info.value).reason : '';
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
