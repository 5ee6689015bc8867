import { status, type handleUnaryCall, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { toStatus } from '@jinku/grpc-kit';
import { DomainError } from '@jinku/kernel';
import type { Logger } from 'pino';

/**
 * Like grpc-kit's `unary()` for the few calls that must work without a token (SignIn, ChangePassword):
 * no authentication, the same refusal mapping (status code + ErrorInfo reason via `toStatus`), INTERNAL
 * for anything else with nothing leaked, one log line. `subject` names the person for the log (the login
 * from the request); the request itself is never logged, as it carries passwords.
 */
export function publicUnary<Req, Res>(
  method: string,
  log: Logger,
  subject: (request: Req) => string,
  handler: (request: Req) => Promise<Res>,
): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    const started = process.hrtime.bigint();
    const elapsedMs = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
    const deadline = call.getDeadline();
    if (deadline instanceof Date && deadline.getTime() <= Date.now()) {
      callback({ code: status.DEADLINE_EXCEEDED, details: 'deadline passed before the call started' });
      return;
    }
    const user = subject(call.request);
    void (async () => {
      try {
        const response = await handler(call.request);
        log.debug({ method, user, ms: elapsedMs() }, 'ok');
        callback(null, response);
      } catch (error) {
        if (error instanceof DomainError) {
          log.info({ method, user, reason: error.reason, ms: elapsedMs() }, error.message);
          callback(toStatus(error));
        } else {
          log.error({ method, user, err: error }, 'internal error');
          callback({ code: status.INTERNAL, details: 'internal error; see the server log' });
        }
      }
    })();
  };
}
