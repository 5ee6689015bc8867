import { randomUUID } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';

/** Metadata key of the id that ties a call's answer to its log lines: read from the caller, sent back in the trailers. */
export const REQUEST_ID_KEY = 'x-request-id';

/** A caller's id goes into every log line and a trailer, so only a short plain token is taken as it is. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's `x-request-id` when it is a sane token (≤ 64 of [A-Za-z0-9._-]), else a fresh UUID. */
export function requestIdOf(metadata: Metadata): string {
  const [given] = metadata.get(REQUEST_ID_KEY);
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}
