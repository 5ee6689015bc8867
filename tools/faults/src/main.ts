import { toolOptions } from '@jinku/runtime';
import { availableParallelism, cpus } from 'node:os';
import { openFaultKit, type FaultKit, type KitSettings } from './kit';
import { SCENARIO_NAMES, type ScenarioName } from './scenario';
import { renderScenario } from './summary';

const USAGE = `usage: npx nx run faults:run [-- options]
       npx tsx --tsconfig tools/faults/tsconfig.json tools/faults/src/main.ts [options]
  --scenario <name>          ${SCENARIO_NAMES.join(', ')} or all (default all)
  --clients <n>              clients posting receipts (default 16)
  --seconds <n>              posting time per scenario, fault a third in (default 20)
  --recovery-timeout <n>     seconds anything may take to come back (default 30)
  --postgres-down <n>        seconds PostgreSQL stays dead in postgres-kill (default 3)
  --call-timeout <n>         deadline of one call, in seconds (default 5)
  --verbose                  stream the server's and worker's logs to stderr
Runs its own PostgreSQL (free port, temporary folder) and Redis; needs the built server, worker and cli.
Exits 1 if any scenario broke a promise.`;

function parseOptions(argv: string[]): { scenarios: ScenarioName[]; settings: KitSettings } {
  const { values, positive } = toolOptions(
    argv,
    {
      scenario: { type: 'string' },
      clients: { type: 'string' },
      seconds: { type: 'string' },
      'recovery-timeout': { type: 'string' },
      'postgres-down': { type: 'string' },
      'call-timeout': { type: 'string' },
      verbose: { type: 'boolean' },
    },
    USAGE,
  );
  const scenario = values.scenario ?? 'all';
  if (scenario !== 'all' && !SCENARIO_NAMES.includes(scenario as ScenarioName)) throw new Error(`unknown scenario ${scenario}\n${USAGE}`);
  return {
    scenarios: scenario === 'all' ? [...SCENARIO_NAMES] : [scenario as ScenarioName],
    settings: {
      clients: Math.ceil(positive('clients', 16)),
      seconds: positive('seconds', 20),
      recoveryTimeoutMs: positive('recovery-timeout', 30) * 1_000,
      postgresDownMs: positive('postgres-down', 3) * 1_000,
      callTimeoutMs: positive('call-timeout', 5) * 1_000,
      verbose: values.verbose ?? false,
    },
  };
}

const progress = (line: string) => process.stderr.write(`[faults] ${line}\n`);

async function main(argv: string[]): Promise<void> {
  const { scenarios, settings } = parseOptions(argv);
  progress(`command: npx tsx --tsconfig tools/faults/tsconfig.json tools/faults/src/main.ts ${argv.join(' ')}`.trim());
  progress(`machine: ${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);

  // Bounded whatever happens: a scenario's worst case is its run, three recovery timeouts and the set-up.
  const scenarioWorstMs = settings.seconds * 1_000 + 3 * settings.recoveryTimeoutMs + settings.postgresDownMs + 60_000;
  const watchdogMs = 120_000 + scenarios.length * scenarioWorstMs;
  let kit: FaultKit | undefined;
  let abandoned = false;
  const abandon = (message: string, code: number) => {
    if (abandoned) return; // a Ctrl-C reaches us twice (directly and through tsx): clean up once
    abandoned = true;
    progress(message);
    void (kit?.close() ?? Promise.resolve()).finally(() => process.exit(code));
  };
  const watchdog = setTimeout(() => abandon(`still running after ${Math.round(watchdogMs / 1_000)} s; giving up`, 2), watchdogMs);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => abandon(`${signal}: stopping`, 130));

  try {
    kit = await openFaultKit(settings, progress);
    let violations = 0;
    for (const name of scenarios) {
      progress(`${name}: ${settings.clients} clients for ${settings.seconds} s`);
      const result = await kit.run(name);
      violations += result.violations.length;
      process.stdout.write(`${renderScenario(result)}\n\n`);
    }
    if (violations > 0) {
      const lines = kit.logLines();
      if (lines.length > 0) progress(`last lines the server and worker logged:\n${lines.join('\n')}`);
      progress(`${violations} violation(s)`);
      process.exitCode = 1;
    } else {
      progress('every scenario kept the books right');
    }
  } finally {
    clearTimeout(watchdog);
    await kit?.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`[faults] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
