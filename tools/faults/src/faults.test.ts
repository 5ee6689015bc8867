import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFaultKit, type FaultKit } from './kit';
import { SCENARIO_NAMES } from './scenario';
import { renderScenario } from './summary';

// The short version of `nx run faults:run`: a few seconds per scenario with 4 clients. It asserts what must
// hold after any fault, not how fast: recovery only has to happen within the generous timeout.
const SHORT = { clients: 4, seconds: 3, callTimeoutMs: 5_000, recoveryTimeoutMs: 30_000, postgresDownMs: 3_000, verbose: false };
let kit: FaultKit | undefined;

beforeAll(async () => {
  kit = await openFaultKit(SHORT, () => undefined);
}, 120_000);

afterAll(() => kit?.close(), 60_000);

describe('the fault kit, short', () => {
  it.each(SCENARIO_NAMES)('%s: every receipt acknowledged, none lost or doubled, the books right', async (name) => {
    const result = await kit!.run(name);
    console.info(renderScenario(result));
    expect(result.violations, `the server and worker logged:\n${kit!.logLines().join('\n')}`).toEqual([]);
    expect(result.acknowledged).toBeGreaterThan(0);
    expect(result.recovery.ms).toBeDefined();
  }, 180_000);
});
