import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { revenueV1 } from '@jinku/proto';
import type { Poster } from './measure';
import { formatCents } from './workload';
import type { BenchReceipt, ReceiptStream } from './receipts-workload';

/** A stuck call fails the run instead of hanging it. */
const CALL_TIMEOUT_MS = 60_000;

export interface RevenueConnection {
  readonly client: revenueV1.RevenueServiceClient;
  readonly metadata: Metadata;
}

/** What was taken in over a poster's life (warm-up included): the books check counts on it. */
export interface Tally {
  receipts: number;
  minParts: number;
  maxParts: number;
}

export const emptyTally = (): Tally => ({ receipts: 0, minParts: Infinity, maxParts: 0 });

export function countInto(tally: Tally, receipts: readonly BenchReceipt[]): void {
  tally.receipts += receipts.length;
  for (const receipt of receipts) {
    tally.minParts = Math.min(tally.minParts, receipt.parts.length);
    tally.maxParts = Math.max(tally.maxParts, receipt.parts.length);
  }
}

export function connectRevenue(address: string, token: string): RevenueConnection {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  // An answer carries every receipt's parts: larger than grpc-js's 4 MiB default at big calls.
  const client = new revenueV1.RevenueServiceClient(address, credentials.createInsecure(), { 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
  return { client, metadata };
}

/** Resolves once the channel is connected, so the first measured call does not pay the handshake. */
export function waitForRevenue(connection: RevenueConnection, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => connection.client.waitForReady(Date.now() + timeoutMs, (error) => (error ? reject(error) : resolve())));
}

const failure = (error: ServiceError) => new Error(`SubmitReceipts failed: ${error.code} ${error.details}`);

/**
 * SubmitReceipts with these receipts; every one must be accepted and divided exactly as the bench's rule
 * says (level by level, to the fen), or the call fails the run.
 */
export function submitReceipts({ client, metadata }: RevenueConnection, receipts: readonly BenchReceipt[]): Promise<revenueV1.SubmitReceiptsResponse> {
  return new Promise((resolve, reject) => {
    client.submitReceipts({ receipts: receipts.map((r) => r.wire) }, metadata, { deadline: Date.now() + CALL_TIMEOUT_MS }, (error, response) => {
      if (error) return reject(failure(error));
      if (response.results.length !== receipts.length) return reject(new Error(`SubmitReceipts answered ${response.results.length} results for ${receipts.length} receipts`));
      for (const [index, result] of response.results.entries()) {
        const receipt = receipts[index]!;
        if (result.outcome?.$case !== 'accepted') {
          const reason = result.outcome?.$case === 'refused' ? `${result.outcome.value.reason}: ${result.outcome.value.message}` : 'no outcome';
          return reject(new Error(`SubmitReceipts refused receipt ${receipt.wire.messageId}: ${reason}`));
        }
        const got = result.outcome.value.parts.map((part) => `${part.level} ${part.amount}`).join(', ');
        const expected = receipt.parts.map((part) => `${part.level} ${formatCents(part.cents)}`).join(', ');
        if (got !== expected) return reject(new Error(`receipt ${receipt.wire.messageId} of ${receipt.wire.amount} divided as [${got}], expected [${expected}]`));
      }
      resolve(response);
    });
  });
}

/** SubmitReceipts, `perCall` receipts a call, `inFlight` calls outstanding. */
export function receiptsPoster(connection: RevenueConnection, stream: ReceiptStream, perCall: number, inFlight: number, tally: Tally): Poster {
  return {
    label: `gRPC SubmitReceipts, ${perCall.toLocaleString('en-US')} per call, ${inFlight} in flight`,
    vouchersPerCall: perCall,
    inFlight,
    async call(phase) {
      const receipts = stream.batch(`grpc-${phase}`, perCall);
      await submitReceipts(connection, receipts);
      countInto(tally, receipts);
    },
  };
}
