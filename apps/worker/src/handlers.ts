import type { Database } from '@jinku/db';
import { createInterest } from '@jinku/interest';
import { createLedger } from '@jinku/ledger';
import { interestHandlers } from './interest-jobs';
import type { JobHandler } from './worker';

/** `ping` lets operators check the whole path: queue → worker → result. */
export const pingHandler: Record<string, JobHandler> = {
  ping: async (job) => ({ pong: job.data, at: new Date().toISOString() }),
};

/** The jobs this worker runs. */
export function handlersFor(database: Database): Record<string, JobHandler> {
  const ledger = createLedger(database);
  return { ...pingHandler, ...interestHandlers(ledger, createInterest(database, ledger)) };
}
