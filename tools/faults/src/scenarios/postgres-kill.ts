import { performance } from 'node:perf_hooks';
import { duration } from '../format';
import type { Scenario } from '../scenario';

export const postgresKill: Scenario = {
  name: 'postgres-kill',
  description: 'the PostgreSQL postmaster killed with SIGKILL under load, started again after a pause; the server keeps running',
  async inject({ postgres, server, postgresDownMs }) {
    const injectedAt = performance.now();
    postgres.kill();
    await new Promise((resolve) => setTimeout(resolve, postgresDownMs));
    await postgres.start(); // returns once it accepts connections
    const restoredAt = performance.now();
    const exit = server.current().exitStatus();
    return {
      injectedAt,
      restoredAt,
      facts: [`PostgreSQL accepting connections again ${duration(restoredAt - injectedAt)} after the kill`],
      violations: exit ? [`the server did not survive the database crash: ${exit}`] : [],
    };
  },
};
