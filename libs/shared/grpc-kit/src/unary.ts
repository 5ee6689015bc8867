import { status, type handleUnaryCall, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { DomainError, type Actor } from '@jinku/kernel';
import type { Logger } from 'pino';
import { toStatus } from './errors';

/** Resolves the caller from the `authorization` metadata value; throws an unauthenticated DomainError. */
export type Authenticator = (authorization: string | undefined) => Promise<Actor>;

export interface CallContext {
  readonly actor: Actor;
  /** The raw bearer credential, for the one call that needs it (sign-out). */
  readonly authorization: string;
  readonly log: Logger;
  /** Puts one refusal inside an otherwise answered call (a batch item) into the audit trail. */
  readonly recordRefusal: (refusal: DomainError) => Promise<void>;
}

/** Writes a refused money-moving call into the audit trail (the approvals register's refusals). */
export type RefusalRecorder = (actor: Actor, method: string, refusal: DomainError) => Promise<void>;

export interface UnaryOptions {
  readonly authenticate: Authenticator;
  readonly log: Logger;
  readonly recordRefusal?: RefusalRecorder;
  /** Turns an unexpected error into a refusal the caller can act on (a lost database: UNAVAILABLE), or undefined. */
  readonly classifyError?: (error: unknown) => DomainError | undefined;
}

export interface MethodOptions {
  /** A money-moving call: its refusals go into the audit trail with the principal and the reason. */
  readonly audited?: boolean;
}

/**
 * Adapts a domain handler to grpc-js: authentication first, then the handler, then one log line.
 * Refusals become their status code with the reason; anything else is INTERNAL with no internals leaked.
 */
export function unary<Req, Res>(
  method: string,
  options: UnaryOptions,
  handler: (request: Req, context: CallContext) => Promise<Res>,
  methodOptions: MethodOptions = {},
): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    const started = process.hrtime.bigint();
    const deadline = call.getDeadline();
    const elapsedMs = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
    if (deadline instanceof Date && deadline.getTime() <= Date.now()) {
      callback({ code: status.DEADLINE_EXCEEDED, details: 'deadline passed before the call started' });
      return;
    }
    const authorization = call.metadata.get('authorization')[0]?.toString();
    const audit = async (actor: Actor, refusal: DomainError) => {
      if (!methodOptions.audited || !options.recordRefusal) return;
      // The trail must not turn a refusal into a failure: a write problem is logged, the caller still hears why.
      await options.recordRefusal(actor, method, refusal).catch((error: unknown) => options.log.error({ method, err: error }, 'audit trail not written'));
    };
    void (async () => {
      let actor: Actor | undefined;
      try {
        actor = await options.authenticate(authorization);
        const caller = actor;
        const log = options.log.child({ method, user: actor.login });
        const response = await handler(call.request, { actor, authorization: authorization ?? '', log, recordRefusal: (refusal) => audit(caller, refusal) });
        log.debug({ ms: elapsedMs() }, 'ok');
        callback(null, response);
      } catch (error) {
        if (error instanceof DomainError) {
          options.log.info({ method, user: actor?.login, reason: error.reason, ms: elapsedMs() }, error.message);
          if (actor) await audit(actor, error);
          callback(toStatus(error));
        } else {
          const refusal = options.classifyError?.(error);
          if (refusal) {
            options.log.warn({ method, user: actor?.login, reason: refusal.reason, err: error, ms: elapsedMs() }, refusal.message);
            callback(toStatus(refusal));
          } else {
            options.log.error({ method, user: actor?.login, err: error }, 'internal error');
            callback({ code: status.INTERNAL, details: 'internal error; see the server log' });
          }
        }
      }
    })();
  };
}
