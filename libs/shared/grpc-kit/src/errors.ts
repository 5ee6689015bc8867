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
  unavailable: status.UNAVAILABLE,
};

/**
 * The last guard against oversized trailers, whatever a refusal echoes: many clients drop a response whose
 * metadata passes 8 KB, and grpc-js then leaves the call (and the next one on the connection) hanging. The
 * message travels twice (percent-encoded in grpc-message, up to 3 bytes per byte, and in the status
 * details), so: message ≤ 512 bytes, at most 8 details of ≤ 64-byte keys and ≤ 128-byte values — under
 * 5 KB of trailers in the worst case.
 */
const MAX_MESSAGE_BYTES = 512;
const MAX_DETAILS = 8;
const MAX_DETAIL_KEY_BYTES = 64;
const MAX_DETAIL_VALUE_BYTES = 128;

/**
 * At most `maxBytes` of UTF-8, cut at a character boundary with an ellipsis. Lone surrogates become U+FFFD:
 * grpc-js percent-encodes the message with encodeURI, which throws on them.
 */
function bounded(text: string, maxBytes: number): string {
  const wellFormed = text.replace(/\p{Cs}/gu, '\uFFFD');
  if (Buffer.byteLength(wellFormed) <= maxBytes) return wellFormed;
  let cut = '';
  let bytes = Buffer.byteLength('…');
  for (const character of wellFormed) {
    bytes += Buffer.byteLength(character);
    if (bytes > maxBytes) break;
    cut += character;
  }
  return `${cut}…`;
}

/** What a refusal may say on the wire: its code and reason, its message and details bounded in size. */
export function boundedRefusal(error: DomainError): { code: status; reason: string; message: string; metadata: Record<string, string> } {
  const details = Object.entries(error.details).slice(0, MAX_DETAILS);
  return {
    code: STATUS_OF_KIND[error.kind],
    reason: error.reason,
    message: bounded(error.message, MAX_MESSAGE_BYTES),
    metadata: Object.fromEntries(details.map(([key, value]) => [bounded(key, MAX_DETAIL_KEY_BYTES), bounded(value, MAX_DETAIL_VALUE_BYTES)])),
  };
}

/** A refusal as a gRPC status: code, message, ErrorInfo details (AIP-193) and a plain reason trailer. */
export function toStatus(error: DomainError): StatusObject {
  const { code, reason, message, metadata: details } = boundedRefusal(error);
  const info = googleRpc.ErrorInfo.encode({ reason, domain: ERROR_DOMAIN, metadata: details }).finish();
  const statusDetails = Status.encode({
    code,
    message,
    details: [Any.fromPartial({ typeUrl: ERROR_INFO_TYPE, value: Buffer.from(info) })],
  }).finish();
  const metadata = new Metadata();
  metadata.set(STATUS_DETAILS, Buffer.from(statusDetails));
  metadata.set(REASON_HEADER, reason);
  return { code, details: message, metadata };
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
