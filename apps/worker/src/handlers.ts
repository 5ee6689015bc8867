import type { JobHandler } from './worker';

/** The jobs this worker runs. `ping` lets operators check the whole path: queue → worker → result. */
export const handlers: Record<string, JobHandler> = {
  ping: async (job) => ({ pong: job.data, at: new Date().toISOString() }),
};
