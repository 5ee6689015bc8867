import type { handleUnaryCall } from '@grpc/grpc-js';
import { wrapUnaryCall, type CallWrapperOptions } from '@jinku/grpc-kit';
import { LOGIN_MAX_LENGTH } from '@jinku/identity-domain';
import { clientAddressOf } from './client-address';

/**
 * grpc-kit's `unary()` without authentication, for the few calls that must work without a token (SignIn,
 * ChangePassword): the same request id, refusal mapping and log line (`wrapUnaryCall`). Each success is
 * logged at info, as these calls change sessions or passwords. `subject` names the person for the log
 * (the login from the request); the request itself is never logged, as it carries passwords, nor the
 * response, which carries a token. The handler gets the client's address too, which these calls are
 * throttled by.
 */
export function publicUnary<Req, Res>(
  method: string,
  options: CallWrapperOptions,
  subject: (request: Req) => string,
  handler: (request: Req, clientAddress: string) => Promise<Res>,
): handleUnaryCall<Req, Res> {
  return wrapUnaryCall<Req, Res>(
    method,
    options,
    async (call, scope) => {
      const address = clientAddressOf(call.getPeer());
      // Cut to the longest login there is: a caller's megabyte "login" does not go into the log.
      scope.identify({ user: subject(call.request).slice(0, LOGIN_MAX_LENGTH), address });
      return handler(call.request, address);
    },
    () => ({}),
  );
}
