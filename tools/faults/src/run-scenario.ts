import { performance } from 'node:perf_hooks';
import type { Sql } from '@jinku/db';
import { checkBooks } from './check-books';
import { duration } from './format';
import { startPostingClients, type Ack, type PostingOutcome } from './posting-clients';
import type { FaultContext, FaultOutcome, Scenario } from './scenario';

export interface LoadPlan {
  readonly clients: number;
  /** How long the clients post, fault included (longer if recovery takes longer). */
  readonly seconds: number;
  readonly callTimeoutMs: number;
}

export interface ScenarioResult {
  readonly name: string;
  readonly description: string;
  readonly acknowledged: number;
  /** Retried calls by status name. */
  readonly retried: Readonly<Record<string, number>>;
  readonly refused: number;
  /** What recovered and how long after the fault; `ms` undefined if it did not within the recovery timeout. */
  readonly recovery: { readonly what: string; readonly ms: number | undefined; readonly afterRestoredMs: number | undefined };
  /** Acknowledgements in the second before the fault and in the second after recovery. */
  readonly acksPerSecond: { readonly before: number; readonly after: number | undefined };
  readonly storedUnacknowledged: number;
  readonly facts: readonly string[];
  readonly violations: readonly string[];
}

export type ScenarioEnvironment = Omit<FaultContext, 'posting'> & { readonly sql: Sql; readonly key: string };

// Warm-up before the fault, and posting on after recovery so the rate after it shows.
const MIN_WARM_UP_MS = 1_000;
const AFTER_RECOVERY_MS = 1_000;

/**
 * Posts receipts from `plan.clients` clients, injects the scenario's fault a third into the run, waits for
 * recovery, posts on to the end of the run, lets every client finish its key, then checks the books.
 */
export async function runScenario(scenario: Scenario, environment: ScenarioEnvironment, plan: LoadPlan): Promise<ScenarioResult> {
  const startedAt = performance.now();
  const keyPrefix = `faults-${scenario.name}`;
  const posting = startPostingClients({
    address: environment.server.address,
    key: environment.key,
    clients: plan.clients,
    keyPrefix,
    callTimeoutMs: plan.callTimeoutMs,
    // Long enough for any recovery to count as a recovery, not as lost keys.
    keyBudgetMs: environment.recoveryTimeoutMs + plan.callTimeoutMs,
  });
  const violations: string[] = [];
  let outcome: FaultOutcome | undefined;
  let recovered: { what: string; at: number | undefined } | undefined;
  let load: PostingOutcome;
  try {
    await sleep(Math.max(MIN_WARM_UP_MS, (plan.seconds * 1_000) / 3));
    outcome = await scenario.inject({ ...environment, posting });
    recovered = outcome.recovered ?? {
      what: 'first acknowledgement',
      at: await posting.firstAckAfter(outcome.restoredAt, environment.recoveryTimeoutMs),
    };
    if (recovered.at === undefined) violations.push(`no ${recovered.what} within ${duration(environment.recoveryTimeoutMs)} of the restore`);
    const end = Math.max(startedAt + plan.seconds * 1_000, (recovered.at ?? performance.now()) + AFTER_RECOVERY_MS);
    await sleep(end - performance.now());
  } catch (error) {
    violations.push(`the scenario failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    load = await posting.stop();
  }

  const review = outcome?.review?.(load);
  const exit = environment.server.current().exitStatus();
  if (exit) {
    violations.push(`the server is down after the scenario: ${exit}`);
    await environment.server.restart(); // so the next scenario has one
  }
  violations.push(...(outcome?.violations ?? []), ...(review?.violations ?? []), ...loadViolations(load));
  const books = await checkBooks(environment.sql, keyPrefix, load.acks);
  violations.push(...books.violations);

  const injectedAt = outcome?.injectedAt;
  return {
    name: scenario.name,
    description: scenario.description,
    acknowledged: load.acks.length,
    retried: load.retried,
    refused: load.refused.length,
    recovery: {
      what: recovered?.what ?? 'recovery',
      ms: recovered?.at !== undefined && injectedAt !== undefined ? recovered.at - injectedAt : undefined,
      afterRestoredMs: recovered?.at !== undefined && outcome ? recovered.at - outcome.restoredAt : undefined,
    },
    acksPerSecond: {
      before: injectedAt === undefined ? 0 : acksBetween(load.acks, injectedAt - 1_000, injectedAt),
      after: recovered?.at === undefined ? undefined : acksBetween(load.acks, recovered.at, recovered.at + 1_000),
    },
    storedUnacknowledged: books.storedUnacknowledged,
    facts: [...(outcome?.facts ?? []), ...(review?.facts ?? [])],
    violations,
  };
}

/** Every key acknowledged: none refused for good, none given up. */
function loadViolations(load: PostingOutcome): string[] {
  const refused = load.refused.slice(0, 5).map((r) => `${r.key} refused ${r.code} ${r.reason}`);
  if (load.refused.length > 5) refused.push(`… and ${load.refused.length - 5} more keys refused`);
  const gaveUp = load.gaveUp.length > 0 ? [`${load.gaveUp.length} keys never acknowledged (first: ${load.gaveUp[0]})`] : [];
  return [...refused, ...gaveUp];
}

const acksBetween = (acks: readonly Ack[], from: number, to: number) => acks.filter((a) => a.at >= from && a.at < to).length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
