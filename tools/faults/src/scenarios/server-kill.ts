import { performance } from 'node:perf_hooks';
import { duration, endingOf } from '../format';
import type { Scenario } from '../scenario';

export const serverKill: Scenario = {
  name: 'server-kill',
  description: 'the compiled server killed with SIGKILL under load, restarted at once on the same address',
  async inject({ server }) {
    const injectedAt = performance.now();
    const ending = await server.end('SIGKILL');
    const restoredAt = performance.now();
    await server.restart();
    return {
      injectedAt,
      restoredAt,
      facts: [`server ended by ${endingOf(ending)}; its successor SERVING ${duration(performance.now() - injectedAt)} after the kill`],
      violations: [],
    };
  },
};
