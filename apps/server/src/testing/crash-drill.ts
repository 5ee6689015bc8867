import { performance } from 'node:perf_hooks';
import type { status } from '@grpc/grpc-js';
import type { LocalPostgres } from '@jinku/db/testing';
import postgres from 'postgres';
import type { CallResult } from './harness';

export interface CrashDrillOptions {
  readonly postgres: LocalPostgres;
  /** Posts one receipt under this idempotency key through the server. */
  readonly post: (key: string) => Promise<CallResult<unknown>>;
  readonly clients: number;
  /** How long the postmaster stays dead before it is started again. */
  readonly downMs: number;
}

export interface CrashDrill {
  /** Every key a client got an acknowledgement for; each client retried its key until it did. */
  readonly acknowledged: string[];
  /** The codes of every refused attempt. */
  readonly refusals: status[];
  readonly figures: {
    /** In the second before the kill, after a second of warm-up. */
    readonly acksPerSecondBefore: number;
    /** From the first `select 1` the restarted database answers to the first acknowledged posting. */
    readonly firstAckAfterAcceptingMs: number;
    readonly acksPerSecondFirstSecondAfter: number;
    readonly acksPerSecondSecondSecondAfter: number;
  };
}

const WARM_UP_MS = 2_000;
const RETRY_PAUSE_MS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGKILL to the postmaster while `clients` post receipts in a loop (each retrying a refused key, as the
 * UNAVAILABLE status invites), a restart `downMs` later, two more seconds of posting; then the figures.
 */
export async function measureCrash(options: CrashDrillOptions): Promise<CrashDrill> {
  const acks: { key: string; at: number }[] = [];
  const refusals: status[] = [];
  let running = true;
  const client = async (id: number) => {
    for (let n = 0; running; n++) {
      const key = `drill-${id}-${n}`;
      for (;;) {
        const result = await options.post(key);
        if (result.ok) {
          acks.push({ key, at: performance.now() });
          break;
        }
        refusals.push(result.code);
        await sleep(RETRY_PAUSE_MS);
      }
    }
  };
  const clients = Array.from({ length: options.clients }, (_, id) => client(id));

  await sleep(WARM_UP_MS);
  const killedAt = performance.now();
  options.postgres.kill();
  await sleep(options.downMs);
  const [acceptingAt] = await Promise.all([firstAnswer(options.postgres.url()), options.postgres.start()]);
  await sleep(2_000);
  running = false;
  await Promise.all(clients);

  const acksBetween = (from: number, to: number) => acks.filter((a) => a.at >= from && a.at < to).length;
  const firstAck = Math.min(...acks.filter((a) => a.at > killedAt + options.downMs).map((a) => a.at));
  return {
    acknowledged: acks.map((a) => a.key),
    refusals,
    figures: {
      acksPerSecondBefore: acksBetween(killedAt - 1_000, killedAt),
      firstAckAfterAcceptingMs: Math.max(0, Math.round(firstAck - acceptingAt)),
      acksPerSecondFirstSecondAfter: acksBetween(acceptingAt, acceptingAt + 1_000),
      acksPerSecondSecondSecondAfter: acksBetween(acceptingAt + 1_000, acceptingAt + 2_000),
    },
  };
}

/** When the database first answers a query, trying a fresh connection every 10 ms. */
async function firstAnswer(url: string): Promise<number> {
  for (;;) {
    const sql = postgres(url, { max: 1, connect_timeout: 1, onnotice: () => undefined });
    try {
      await sql`select 1`;
      return performance.now();
    } catch {
      await sleep(10);
    } finally {
      await sql.end({ timeout: 0 });
    }
  }
}
