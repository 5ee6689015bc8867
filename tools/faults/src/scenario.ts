import type { LocalPostgres } from '@jinku/db/testing';
import type { OwnRedis } from '@jinku/local-services';
import type { FaultServer } from './fault-server';
import type { PostingClients, PostingOutcome } from './posting-clients';

export const SCENARIO_NAMES = ['server-kill', 'postgres-kill', 'sigterm', 'redis-restart'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** What a scenario works with; everything in it outlives the scenario. */
export interface FaultContext {
  readonly root: string;
  readonly databaseUrl: string;
  readonly server: FaultServer;
  readonly postgres: LocalPostgres;
  /** The Redis a scenario runs the worker on; the kit's own, without persistence. */
  readonly redis: OwnRedis;
  /** The clients posting throughout, to wait for their first acknowledgement after the fault. */
  readonly posting: PostingClients;
  /** How long anything may take to come back before that is a violation. */
  readonly recoveryTimeoutMs: number;
  /** How long PostgreSQL stays dead in `postgres-kill`. */
  readonly postgresDownMs: number;
  /** Where the output of processes a scenario starts goes. */
  readonly output: (chunk: Buffer) => void;
}

export interface Findings {
  /** Worth printing, e.g. how the server exited and how long it drained. */
  readonly facts: readonly string[];
  /** Each broken promise, in words. */
  readonly violations: readonly string[];
}

/** Times are performance.now(). */
export interface FaultOutcome extends Findings {
  readonly injectedAt: number;
  /** When what failed was back (restarted, accepting connections): recovery is the first acknowledgement after it… */
  readonly restoredAt: number;
  /** …unless the scenario measures recovery itself (the worker's schedule back); undefined at = not recovered. */
  readonly recovered?: { readonly what: string; readonly at: number | undefined };
  /** Looks at the calls once the load has stopped, e.g. those in flight at the fault. */
  readonly review?: (load: PostingOutcome) => Findings;
}

export interface Scenario {
  readonly name: ScenarioName;
  readonly description: string;
  inject(context: FaultContext): Promise<FaultOutcome>;
}
