import type { handleUnaryCall } from '@grpc/grpc-js';
import { DomainError, type Actor } from '@jinku/kernel';
import type { Logger } from 'pino';
import { wrapUnaryCall, type CallWrapperOptions, type MutationSummary } from './call-wrapper';

/** Resolves the caller from the `authorization` metadata value; throws an unauthenticated DomainError. */
export type Authenticator = (authorization: string | undefined) => Promise<Actor>;

export interface CallContext {
  readonly actor: Actor;
  /** The raw bearer credential, for the one call that needs it (sign-out). */
  readonly authorization: string;
  /** Every line carries the method, the request id and the caller. */
  readonly log: Logger;
  /** Puts one refusal inside an otherwise answered call (a batch item) into the audit trail. */
  readonly recordRefusal: (refusal: DomainError) => Promise<void>;
}

/** Writes a refused money-moving call into the audit trail (the approvals register's refusals). */
export type RefusalRecorder = (actor: Actor, method: string, refusal: DomainError) => Promise<void>;

export interface UnaryOptions extends CallWrapperOptions {
  readonly authenticate: Authenticator;
  readonly recordRefusal?: RefusalRecorder;
}

export interface MethodOptions<Req, Res> {
  /** A money-moving call: its refusals go into the audit trail with the principal and the reason. */
  readonly audited?: boolean;
  /** A call that changes something: its success is logged at info with these ids (reads log at debug). */
  readonly mutation?: MutationSummary<Req, Res>;
}

/**
 * Adapts a domain handler to grpc-js: authentication first, then the handler, with the request id, the
 * refusal mapping and the log line of `wrapUnaryCall`. Refusals of an `audited` method go into the trail.
 */
export function unary<Req, Res>(
  method: string,
  options: UnaryOptions,
  handler: (request: Req, context: CallContext) => Promise<Res>,
  methodOptions: MethodOptions<Req, Res> = {},
): handleUnaryCall<Req, Res> {
  return wrapUnaryCall<Req, Res>(
    method,
    options,
    async (call, scope) => {
      const authorization = call.metadata.get('authorization')[0]?.toString();
      const actor = await options.authenticate(authorization);
      scope.identify({ user: actor.login });
      const audit = async (refusal: DomainError) => {
        if (!methodOptions.audited || !options.recordRefusal) return;
        // The trail must not turn a refusal into a failure: a write problem is logged, the caller still hears why.
        await options.recordRefusal(actor, method, refusal).catch((error: unknown) => scope.log.error({ err: error }, 'audit trail not written'));
      };
      try {
        return await handler(call.request, { actor, authorization: authorization ?? '', log: scope.log, recordRefusal: audit });
      } catch (error) {
        if (error instanceof DomainError) await audit(error);
        throw error;
      }
    },
    methodOptions.mutation,
  );
}
