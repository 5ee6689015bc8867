import type { Database } from '@jinku/db';
import { dispatchInstructions, InProcessChannel, recordOutcome, type PaymentChannel } from '@jinku/disbursement';
import { createInterest } from '@jinku/interest';
import { createLedger } from '@jinku/ledger';
import { interestHandlers } from './interest-jobs';
import type { JobHandler } from './worker';

/** `ping` lets operators check the whole path: queue → worker → result. */
export const pingHandler: Record<string, JobHandler> = {
  ping: async (job) => ({ pong: job.data, at: new Date().toISOString() }),
};

/**
 * Released payments' instructions sent through the clearing channel, and what the channel reports back recorded
 * (settled, or returned by the payee's bank for a 退汇). The in-process channel stands in for the modern payment
 * system, which this machine cannot reach.
 */
function paymentHandlers(database: Database, channel: PaymentChannel): Record<string, JobHandler> {
  channel.onOutcome((instructionId, outcome) => recordOutcome(database, instructionId, outcome));
  return { 'payment-dispatch': async () => ({ handedOver: await dispatchInstructions(database, channel) }) };
}

/** The jobs this worker runs. */
export function handlersFor(database: Database, channel: PaymentChannel = new InProcessChannel()): Record<string, JobHandler> {
  const ledger = createLedger(database);
  return { ...pingHandler, ...interestHandlers(ledger, createInterest(database, ledger)), ...paymentHandlers(database, channel) };
}
