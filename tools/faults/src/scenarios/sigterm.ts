import { performance } from 'node:perf_hooks';
import { duration, endingOf } from '../format';
import type { Attempt } from '../posting-clients';
import type { Findings, Scenario } from '../scenario';

/** A stop drains in-flight calls for at most 10 s (grpc-kit's grace), inside the 30 s shutdown deadline. */
const STOP_TIMEOUT_MS = 35_000;

export const sigterm: Scenario = {
  name: 'sigterm',
  description: 'SIGTERM to the server under load: it finishes the calls in flight and exits 0; a successor takes the retries',
  async inject({ server }) {
    const injectedAt = performance.now();
    const ending = await server.end('SIGTERM', STOP_TIMEOUT_MS);
    const restoredAt = performance.now();
    await server.restart();
    const clean = ending.code === 0 && ending.signal === null;
    return {
      injectedAt,
      restoredAt,
      facts: [
        `server drained and ended by ${endingOf(ending)} ${duration(restoredAt - injectedAt)} after the SIGTERM`,
        `its successor SERVING ${duration(performance.now() - restoredAt)} after that`,
      ],
      violations: clean ? [] : [`the server ended by ${endingOf(ending)} on SIGTERM, not exit 0`],
      review: (load) => callsInFlightAt(injectedAt, load.attempts),
    };
  },
};

/**
 * The calls in flight when the signal arrived must all be answered: the server stops taking calls but lets
 * those it has finish (grpc-kit's shutdown), so none of them needs a retry.
 */
function callsInFlightAt(at: number, attempts: readonly Attempt[]): Findings {
  const inFlight = attempts.filter((a) => a.startedAt < at && a.endedAt >= at);
  const byOutcome = new Map<string, number>();
  for (const { outcome } of inFlight) byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
  const outcomes = [...byOutcome].map(([outcome, count]) => `${count} ${outcome}`).join(', ');
  const unanswered = inFlight.length - (byOutcome.get('OK') ?? 0);
  return {
    facts: [`calls in flight at the SIGTERM: ${inFlight.length} (${outcomes || 'none'})`],
    violations: unanswered > 0 ? [`${unanswered} calls in flight at the SIGTERM were not acknowledged (${outcomes})`] : [],
  };
}
