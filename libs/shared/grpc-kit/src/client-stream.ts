import type { handleClientStreamingCall, handleUnaryCall } from '@grpc/grpc-js';
import { unary, type CallContext, type MethodOptions, type UnaryOptions } from './unary';

/**
 * A client-streaming method with everything `unary` gives a call — authentication first, the request id, the
 * refusal mapping, the log line — its handler reading the caller's messages as they arrive.
 */
export function clientStream<Req, Res>(
  method: string,
  options: UnaryOptions,
  handler: (messages: AsyncIterable<Req>, context: CallContext) => Promise<Res>,
  methodOptions: MethodOptions<AsyncIterable<Req>, Res> = {},
): handleClientStreamingCall<Req, Res> {
  const wrapped: handleUnaryCall<AsyncIterable<Req>, Res> = unary(method, options, handler, methodOptions);
  // The stream is the request: the wrapper hands `call.request` to the handler, which iterates it.
  return (call, callback) => wrapped(Object.assign(call, { request: call as AsyncIterable<Req> }) as never, callback);
}
