import { Metadata, status, type handleUnaryCall, type ServerUnaryCall, type StatusObject } from '@grpc/grpc-js';
import { DomainError } from '@jinku/kernel';
import type { Logger } from 'pino';
import { toStatus } from './errors';
import { REQUEST_ID_KEY, requestIdOf } from './request-id';

/** Told of every finished call (the server's metrics): its method, status code and duration. */
export type CallObserver = (call: { readonly method: string; readonly code: status; readonly seconds: number }) => void;

/** What every wrapped call shares, with or without authentication. */
export interface CallWrapperOptions {
  readonly log: Logger;
  /** Turns an unexpected error into a refusal the caller can act on (a lost database: UNAVAILABLE), or undefined. */
  readonly classifyError?: (error: unknown) => DomainError | undefined;
  readonly observeCall?: CallObserver;
}

export interface CallScope {
  readonly requestId: string;
  /** The call's logger: method and request id, plus what `identify` added. */
  readonly log: Logger;
  /** Adds the caller (login, address) to every later log line of the call, its refusal's or error's included. */
  identify(fields: Record<string, unknown>): void;
}

/** The fields a successful mutation logs at info: ids of what it made or changed, never a secret. */
export type MutationSummary<Req, Res> = (response: Res, request: Req) => Record<string, unknown>;

/** What a failed call answers: a code, with a message and trailers. */
type ErrorStatus = Partial<StatusObject> & { code: status };

/**
 * What `unary` and the identity lib's `publicUnary` share: a request id (the caller's `x-request-id` or a
 * new one) in every log line and in the trailers of every answer; a deadline that already passed refused at
 * once; refusals as their status code with the reason; anything else INTERNAL, naming the request id and
 * nothing else; one log line per call — info for a refusal or a mutation (with `mutation`'s ids), debug for
 * a read; `observeCall` told the outcome.
 */
export function wrapUnaryCall<Req, Res>(
  method: string,
  options: CallWrapperOptions,
  body: (call: ServerUnaryCall<Req, Res>, scope: CallScope) => Promise<Res>,
  mutation?: MutationSummary<Req, Res>,
): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const started = process.hrtime.bigint();
    const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
    const requestId = requestIdOf(call.metadata);
    let log = options.log.child({ method, requestId });
    const scope: CallScope = {
      requestId,
      get log() {
        return log;
      },
      identify: (fields) => (log = log.child(fields)),
    };
    const answered = (code: status) => options.observeCall?.({ method, code, seconds: elapsedMs() / 1000 });
    const answerError = (error: ErrorStatus) => {
      const metadata = error.metadata ?? new Metadata();
      metadata.set(REQUEST_ID_KEY, requestId);
      callback({ ...error, metadata });
      answered(error.code);
    };

    const deadline = call.getDeadline();
    if (deadline instanceof Date && deadline.getTime() <= Date.now()) {
      answerError({ code: status.DEADLINE_EXCEEDED, details: 'deadline passed before the call started' });
      return;
    }
    void (async () => {
      try {
        const response = await body(call, scope);
        const ms = Math.round(elapsedMs());
        if (mutation) log.info({ ...mutation(response, call.request), ms }, 'ok');
        else log.debug({ ms }, 'ok');
        const trailers = new Metadata();
        trailers.set(REQUEST_ID_KEY, requestId);
        callback(null, response, trailers);
        answered(status.OK);
      } catch (error) {
        answerError(statusOf(error, scope, Math.round(elapsedMs()), options.classifyError));
      }
    })();
  };
}

/** The status an error answers with, logged: a refusal at info, a classified error at warn, anything else at error. */
function statusOf(error: unknown, { log, requestId }: CallScope, ms: number, classifyError: CallWrapperOptions['classifyError']): ErrorStatus {
  if (error instanceof DomainError) {
    log.info({ reason: error.reason, ms }, error.message);
    return toStatus(error);
  }
  const refusal = classifyError?.(error);
  if (refusal) {
    log.warn({ reason: refusal.reason, err: error, ms }, refusal.message);
    return toStatus(refusal);
  }
  log.error({ err: error, ms }, 'internal error');
  return { code: status.INTERNAL, details: `internal error; request id ${requestId}; see the server log` };
}
