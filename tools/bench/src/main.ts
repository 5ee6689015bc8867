import { toolOptions } from '@jinku/runtime';
import { boundedRun } from './bounded-run';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { workspaceRoot } from '@jinku/db';
import { startServer, type ServerProcess } from '@jinku/local-services';
import { baselineBatchPerCommit, baselineOnePerCommit } from './baseline-sql';
import { checkBooks } from './check-books';
import { batchPoster, connectLedger, unaryPoster, waitForLedger, type LedgerConnection } from './grpc-load';
import { measure, type Measurement, type Poster, type RunPlan } from './measure';
import { comparisons, renderReport, type Comparison, type WorkloadResult } from './report';
import { BENCH_DATABASE_URL, prepareBenchBooks, type BenchBooks } from './setup';
import { hotWorkload, spreadWorkload, type Workload } from './workload';

const USAGE = `usage: npx nx run bench:bench [-- options]
       npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/src/main.ts [options]
  --seconds <n>       measured length of each run, sized from its warm-up's rate (default 6)
  --vouchers <n>      post exactly this many vouchers per measured run instead
  --warmup <n>        warm-up seconds before each run (default 1.5)
  --workload <name>   spread, hot or all (default all)
  --mode <name>       unary, batch or all (default all); each gRPC mode always runs with its baseline
  --cpu-prof-dir <d>  write a V8 CPU profile of the server into <d> when it stops
Drops and recreates the database jinku_bench on 127.0.0.1:5432; talks to nothing else.`;

/** Server and baseline both get 16 connections, as the issue prescribes. */
const POOL_SIZE = 16;
const UNARY_IN_FLIGHT = 64;
const BATCH_SIZE = 100;
const BATCH_IN_FLIGHT = 4;

interface Options {
  readonly plan: Omit<RunPlan, 'serverPid'>;
  readonly workloads: readonly ('spread' | 'hot')[];
  readonly modes: readonly ('unary' | 'batch')[];
  readonly cpuProfileDir: string | undefined;
}

function parseOptions(argv: string[]): Options {
  const { values, positive } = toolOptions(
    argv,
    {
      seconds: { type: 'string' },
      vouchers: { type: 'string' },
      warmup: { type: 'string' },
      workload: { type: 'string' },
      mode: { type: 'string' },
      'cpu-prof-dir': { type: 'string' },
    },
    USAGE,
  );
  const seconds = positive('seconds', 6);
  const vouchers = values.vouchers === undefined ? undefined : Math.ceil(positive('vouchers', 0));
  const workload = values.workload ?? 'all';
  if (!['spread', 'hot', 'all'].includes(workload)) throw new Error(`--workload must be spread, hot or all\n${USAGE}`);
  const mode = values.mode ?? 'all';
  if (!['unary', 'batch', 'all'].includes(mode)) throw new Error(`--mode must be unary, batch or all\n${USAGE}`);
  return {
    plan: {
      warmupSeconds: positive('warmup', 1.5),
      seconds,
      vouchers,
      // Generous, but finite: a run that cannot reach its count in this time stops and says so.
      capSeconds: Math.max(30, seconds * 4),
    },
    workloads: workload === 'all' ? ['spread', 'hot'] : [workload as 'spread' | 'hot'],
    modes: mode === 'all' ? ['unary', 'batch'] : [mode as 'unary' | 'batch'],
    cpuProfileDir: values['cpu-prof-dir'],
  };
}

function commandLine(argv: string[]): string {
  const direct = ['npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/src/main.ts', ...argv].join(' ');
  return process.env['NX_TASK_TARGET_PROJECT'] === 'bench' ? `npx nx run bench:bench (runs: ${direct})` : direct;
}

async function machineLine(books: BenchBooks): Promise<string> {
  const [pg] = await books.database.sql<{ version: string }[]>`select current_setting('server_version') as version`;
  return `${availableParallelism()} cores (nproc), ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${
    process.version
  }, PostgreSQL ${pg!.version}`;
}

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  const command = commandLine(argv);
  const root = workspaceRoot();
  progress(`command: ${command}`);

  // Everything is bounded: if the whole bench overruns its worst case, stop it hard.
  const runs = options.workloads.length * options.modes.length * 2;
  const watchdogMs = (180 + runs * (options.plan.warmupSeconds + options.plan.capSeconds + 10)) * 1000;
  const bounds = boundedRun(watchdogMs, progress);

  let books: BenchBooks | undefined;
  let server: ServerProcess | undefined;
  let connection: LedgerConnection | undefined;
  bounds.onCleanup(async () => {
    connection?.client.close();
    await server?.stop();
    await books?.database.close();
  });

  try {
    progress('preparing jinku_bench (drop, create, migrate, 10,000 + standard accounts, machine principal registered and keyed)');
    books = await prepareBenchBooks(POOL_SIZE);
    const machine = await machineLine(books);

    server = await startServer({ root, databaseUrl: BENCH_DATABASE_URL, poolSize: POOL_SIZE, cpuProfileDir: options.cpuProfileDir });
    progress(`server pid ${server.pid} on ${server.address}`);
    connection = connectLedger(server.address, books.token);
    await Promise.race([waitForLedger(connection, 15_000), server.exited]);

    const running = server;
    const plan: RunPlan = { ...options.plan, serverPid: running.pid };
    // A server that dies mid-run fails the bench at once rather than at the call timeout.
    const run = async (poster: Poster): Promise<Measurement> => {
      progress(`${poster.label}: warming up, then measuring`);
      const result = (await Promise.race([measure(poster, plan), running.exited]).catch((error: unknown) => {
        const exit = running.exitStatus();
        throw exit ? new Error(`${exit} during "${poster.label}"`, { cause: error }) : error;
      })) as Measurement;
      progress(`  ${Math.round(result.vouchersPerSecond)} vouchers/s (${result.vouchers} in ${result.seconds.toFixed(1)} s)`);
      return result;
    };

    const results: WorkloadResult[] = [];
    for (const name of options.workloads) {
      const workload: Workload = name === 'spread' ? spreadWorkload(books.accounts) : hotWorkload(books.accounts);
      // Each gRPC mode right after its own baseline, so both see the same table sizes and cache state.
      const pairs: Comparison[] = [];
      if (options.modes.includes('unary')) {
        const baseline = await run(baselineOnePerCommit(books, workload, UNARY_IN_FLIGHT));
        pairs.push({ grpc: await run(unaryPoster(connection, workload, UNARY_IN_FLIGHT)), baseline });
      }
      if (options.modes.includes('batch')) {
        const baseline = await run(baselineBatchPerCommit(books, workload, BATCH_SIZE, BATCH_IN_FLIGHT));
        pairs.push({ grpc: await run(batchPoster(connection, workload, BATCH_SIZE, BATCH_IN_FLIGHT)), baseline });
      }
      results.push({ workload: name, description: workload.description, pairs });
    }

    const check = await checkBooks(books.database, books.makerId);
    if (!check.ok) throw new Error(`the books do not add up after the run: ${JSON.stringify(check)}`);
    progress(`books add up: ${check.vouchers} vouchers, ${check.entries} entries`);

    const planLine =
      `warm-up ${options.plan.warmupSeconds} s per run, then ` +
      (options.plan.vouchers !== undefined ? `${options.plan.vouchers} vouchers` : `a count sized for ~${options.plan.seconds} s`) +
      ` per run (cap ${options.plan.capSeconds} s); server \`node dist/apps/server/main.cjs\` with JINKU_DB_POOL=${POOL_SIZE}, LOG_LEVEL=warn;` +
      ` baseline pool ${POOL_SIZE} connections`;
    process.stdout.write(renderReport({ command, machine, plan: planLine }, results));
    const missed = comparisons(results).filter((c) => !c.met);
    progress(missed.length === 0 ? 'all targets met' : `${missed.length} target(s) missed`);
  } finally {
    await bounds.finish();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const describe = (e: unknown): string =>
    e instanceof Error ? `${e.stack ?? e.message}${e.cause ? `\ncaused by: ${describe(e.cause)}` : ''}` : String(e);
  process.stderr.write(`[bench] failed: ${describe(error)}\n`);
  process.exitCode = 1;
});
