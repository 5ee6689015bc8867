import { createServer } from 'node:net';
import { pino } from 'pino';
import { Counter } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { metricsRegistry, serveMetrics, type MetricsEndpoint } from './metrics';

const silent = pino({ level: 'silent' });
let endpoint: MetricsEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

describe('serveMetrics', () => {
  it("serves the registry's metrics and Node's process metrics at GET /metrics, and nothing elsewhere", async () => {
    const registry = metricsRegistry();
    new Counter({ name: 'jinku_test_things_total', help: 'things', registers: [registry] }).inc(3);
    endpoint = await serveMetrics(registry, '127.0.0.1:0', silent);
    const scraped = await fetch(`http://127.0.0.1:${endpoint!.port}/metrics`);
    expect(scraped.headers.get('content-type')).toContain('text/plain');
    const text = await scraped.text();
    expect(text).toContain('jinku_test_things_total 3');
    expect(text).toContain('process_cpu_seconds_total');
    expect((await fetch(`http://127.0.0.1:${endpoint!.port}/`)).status).toBe(404);
  });

  it('serves nothing for an empty address', async () => {
    expect(await serveMetrics(metricsRegistry(), '', silent)).toBeUndefined();
  });

  it('logs a taken port and goes on without an endpoint', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    try {
      const port = (taken.address() as { port: number }).port;
      expect(await serveMetrics(metricsRegistry(), `127.0.0.1:${port}`, log)).toBeUndefined();
      expect(lines.join('')).toContain('metrics endpoint not started');
    } finally {
      taken.close();
    }
  });
});
