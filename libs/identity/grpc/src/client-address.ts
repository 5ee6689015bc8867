import { isIP } from 'node:net';

/**
 * The client's IP address from a gRPC peer: grpc-js gives `address:port` ("10.0.0.7:52114", IPv6 without
 * brackets, "::1:52114"). The port changes with every connection, so sign-in throttling keys on the address
 * alone. A peer in any other form is kept whole.
 */
export function clientAddressOf(peer: string): string {
  const host = /^\[?(.+?)\]?:\d+$/.exec(peer)?.[1];
  return host !== undefined && isIP(host) ? host : peer;
}
