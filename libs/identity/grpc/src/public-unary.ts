import { status, type handleUnaryCall, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { toStatus } from '@jinku/grpc-kit';
import { LOGIN_MAX_LENGTH } from '@jinku/identity-domain';
import { DomainError } from '@jinku/kernel';
import type { Logger } from 'pino';
import { clientAddressOf } from './client-address';

/**
 * Like grpc-kit's `unary()` for the few calls that must work without a token (SignIn, ChangePassword):
 * no authentication, the same refusal mapping (status code + ErrorInfo reason via `toStatus`), INTERNAL
 * for anything else with nothing leaked, one log line. `subject` names the person for the log (the login
 * from the request); the request itself is never logged, as it carries passwords. The handler gets the
 * client's address too, which these calls are throttled by.
 */
export function publicUnary<Req, Res>(
  method: string,
  log: Logger,
  subject: (request: Req) => string,
  handler: (request: Req, clientAddress: string) => Promise<Res>,
): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    const started = process.hrtime.bigint();
    const elapsedMs = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
    const deadline = call.getDeadline();
    if (deadline instanceof Date && deadline.getTime() <= Date.now()) {
      callback({ code: status.DEADLINE_EXCEEDED, details: 'deadline passed before the call started' });
      return;
    }
    // Cut to the longest login there is: a caller's megabyte "login" does not go into the log.
    const user = subject(call.request).slice(0, LOGIN_MAX_LENGTH);
    const address = clientAddressOf(call.getPeer());
    void (async () => {
      try {
        const response = await handler(call.request, address);
        log.debug({ method, user, address, ms: elapsedMs() }, 'ok');
        callback(null, response);
      } catch (error) {
        if (error instanceof DomainError) {
          log.info({ method, user, address, reason: error.reason, ms: elapsedMs() }, error.message);
          callback(toStatus(error));
        } else {
          log.error({ method, user, address, err: error }, 'internal error');
          callback({ code: status.INTERNAL, details: 'internal error; see the server log' });
        }
      }
    })();
  };
}
