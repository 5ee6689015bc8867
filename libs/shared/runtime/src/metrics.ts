import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** A Prometheus registry with Node's own process metrics (CPU, memory, event-loop lag, GC); apps add theirs. */
export function metricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

export interface MetricsEndpoint {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves `registry` in Prometheus' text format at GET /metrics on `address` (host:port); '' serves nothing.
 * A failed bind (the port taken) is logged at error and nothing is served: metrics are not worth a server
 * that does not start, and Prometheus reports the target down. Never rejects.
 */
export async function serveMetrics(registry: Registry, address: string, log: Logger): Promise<MetricsEndpoint | undefined> {
  if (address === '') return undefined;
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404).end('not found; metrics are at GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => {
        log.error({ err: error }, 'metrics not collected');
        response.writeHead(500).end();
      },
    );
  });
  try {
    const { hostname, port } = new URL(`http://${address}`);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(Number(port || 80), hostname.replace(/^\[|\]$/g, ''), resolve);
    });
  } catch (error) {
    log.error({ err: error, address }, 'metrics endpoint not started; serving without it');
    return undefined;
  }
  const bound = (server.address() as AddressInfo).port;
  log.info({ address, port: bound }, 'metrics at GET /metrics');
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper's keep-alive connection must not hold up a shutdown.
        server.closeAllConnections();
      }),
  };
}
