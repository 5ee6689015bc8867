import { workspaceRoot } from '@jinku/db';
import { startServer, type ServerProcess } from '@jinku/local-services';
import { toolOptions } from '@jinku/runtime';
import { boundedRun } from './bounded-run';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { measure, type Measurement, type Poster, type RunPlan } from './measure';
import type { Comparison } from './report';
import { loadRoutes, receiptsBaseline } from './receipts-baseline';
import { checkReceiptBooks } from './receipts-check';
import { connectRevenue, countInto, emptyTally, receiptsPoster, submitReceipts, waitForRevenue, type RevenueConnection } from './receipts-grpc';
import { renderReceiptsReport, verdicts } from './receipts-report';
import { prepareReceiptBooks, RECEIPTS_DATABASE_URL, type ReceiptBooks } from './receipts-setup';
import { BENCH_REGIONS, BENCH_RULES, receiptStream } from './receipts-workload';

const USAGE = `usage: npx nx run bench:bench-receipts [-- options]
       npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/src/receipts-run.ts [options]
  --seconds <n>       measured length of each run, sized from its warm-up's rate (default 8)
  --receipts <n>      take in exactly this many receipts per measured run instead
  --warmup <n>        warm-up seconds before each run (default 3)
  --per-call <n>      receipts per SubmitReceipts call and per baseline commit (default 1000)
  --in-flight <n>     calls (and baseline commits) in flight (default 3)
  --rounds <n>        baseline + gRPC pairs, back to back; the verdict is on all rounds together (default 2)
  --cpu-prof-dir <d>  write a V8 CPU profile of the server into <d> when it stops
Drops and recreates the database jinku_bench_receipts on 127.0.0.1:5432; talks to nothing else.`;

/** Server and baseline both get 16 connections, as the posting bench does. */
const POOL_SIZE = 16;

interface Options {
  readonly plan: Omit<RunPlan, 'serverPid'>;
  readonly perCall: number;
  readonly inFlight: number;
  readonly rounds: number;
  readonly cpuProfileDir: string | undefined;
}

function parseOptions(argv: string[]): Options {
  const { values, positive } = toolOptions(
    argv,
    {
      seconds: { type: 'string' },
      receipts: { type: 'string' },
      warmup: { type: 'string' },
      'per-call': { type: 'string' },
      'in-flight': { type: 'string' },
      rounds: { type: 'string' },
      'cpu-prof-dir': { type: 'string' },
    },
    USAGE,
  );
  const seconds = positive('seconds', 8);
  const perCall = Math.ceil(positive('per-call', 1000));
  return {
    plan: {
      warmupSeconds: positive('warmup', 3),
      seconds,
      vouchers: values.receipts === undefined ? undefined : Math.ceil(positive('receipts', 0)),
      // Generous, but finite: a run that cannot reach its count in this time stops and says so.
      capSeconds: Math.max(30, seconds * 4),
    },
    perCall,
    inFlight: Math.ceil(positive('in-flight', 3)),
    rounds: Math.ceil(positive('rounds', 2)),
    cpuProfileDir: values['cpu-prof-dir'],
  };
}

function commandLine(argv: string[]): string {
  const direct = ['npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/src/receipts-run.ts', ...argv].join(' ');
  return process.env['NX_TASK_TARGET_TARGET'] === 'bench-receipts' ? `npx nx run bench:bench-receipts (runs: ${direct})` : direct;
}

async function machineLine(books: ReceiptBooks): Promise<string> {
  const [pg] = await books.database.sql<{ version: string }[]>`select current_setting('server_version') as version`;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${availableParallelism()} cores (nproc), ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, PostgreSQL ${pg!.version}`;
}

const progress = (message: string) => process.stderr.write(`[bench-receipts] ${message}\n`);

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  const command = commandLine(argv);
  progress(`command: ${command}`);

  // Everything is bounded: if the whole bench overruns its worst case, stop it hard.
  const watchdogMs = (240 + options.rounds * 2 * (options.plan.warmupSeconds + options.plan.capSeconds + 10)) * 1000;
  const bounds = boundedRun(watchdogMs, progress);

  let books: ReceiptBooks | undefined;
  let server: ServerProcess | undefined;
  let connection: RevenueConnection | undefined;
  bounds.onCleanup(async () => {
    connection?.client.close();
    await server?.stop();
    await books?.database.close();
  });

  try {
    progress('preparing jinku_bench_receipts (drop, create, migrate every context, demo treasuries, regions and sharing rules through approvals, link principal)');
    books = await prepareReceiptBooks(POOL_SIZE);
    const machine = await machineLine(books);

    server = await startServer({ root: workspaceRoot(), databaseUrl: RECEIPTS_DATABASE_URL, poolSize: POOL_SIZE, cpuProfileDir: options.cpuProfileDir });
    progress(`server pid ${server.pid} on ${server.address}`);
    connection = connectRevenue(server.address, books.token);
    await Promise.race([waitForRevenue(connection, 15_000), server.exited]);

    const stream = receiptStream(books.businessDate);
    const grpcTally = emptyTally();
    const sqlTally = emptyTally();
    // One receipt per code and region through the server: where it credits each part is what the baseline writes.
    const probes = stream.batch('probe', BENCH_RULES.length * BENCH_REGIONS.length);
    await submitReceipts(connection, probes);
    countInto(grpcTally, probes);
    const routes = await loadRoutes(books.database, probes);
    progress(`routes of ${routes.size} code/region pairs read from the server's first receipts`);

    const running = server;
    const plan: RunPlan = { ...options.plan, serverPid: running.pid };
    // A server that dies mid-run fails the bench at once rather than at the call timeout.
    const run = async (poster: Poster): Promise<Measurement> => {
      progress(`${poster.label}: warming up ${plan.warmupSeconds} s, then measuring`);
      const result = (await Promise.race([measure(poster, plan), running.exited]).catch((error: unknown) => {
        const exit = running.exitStatus();
        throw exit ? new Error(`${exit} during "${poster.label}"`, { cause: error }) : error;
      })) as Measurement;
      progress(
        `  ${Math.round(result.vouchersPerSecond)} receipts/s (${result.vouchers} in ${result.seconds.toFixed(1)} s), ` +
          `p50 ${result.latency.p50.toFixed(0)} ms, p99 ${result.latency.p99.toFixed(0)} ms per call`,
      );
      return result;
    };

    const pairs: Comparison[] = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      if (options.rounds > 1) progress(`round ${round} of ${options.rounds}`);
      // The gRPC run right after its baseline, so both see about the same table sizes and cache state.
      const baseline = await run(receiptsBaseline(books, routes, stream, options.perCall, options.inFlight, sqlTally));
      const grpc = await run(receiptsPoster(connection, stream, options.perCall, options.inFlight, grpcTally));
      pairs.push({ grpc, baseline });
    }

    progress('checking the books');
    const check = await checkReceiptBooks(books.database, books.makerId, grpcTally.receipts + sqlTally.receipts);
    if (!check.ok) throw new Error(`the books do not add up after the run: ${JSON.stringify(check)}`);
    progress(`books add up: ${check.receipts} receipts, ${check.vouchers} vouchers, ${check.entries} entries, ${check.minParts}–${check.maxParts} parts per receipt`);

    const planLine =
      `warm-up ${options.plan.warmupSeconds} s per run, then ` +
      (options.plan.vouchers !== undefined ? `${options.plan.vouchers} receipts` : `a count sized for ~${options.plan.seconds} s`) +
      ` per run (cap ${options.plan.capSeconds} s); ${options.perCall} receipts per call/commit, ${options.inFlight} in flight;` +
      ` server \`node dist/apps/server/main.cjs\` with JINKU_DB_POOL=${POOL_SIZE}, LOG_LEVEL=warn; baseline pool ${POOL_SIZE} connections`;
    process.stdout.write(renderReceiptsReport({ command, machine, plan: planLine }, pairs, check, stream.description));
    const final = verdicts(pairs).at(-1)!;
    progress(
      `${Math.round(final.grpcPerSecond)} receipts/s, ${Math.round(final.ratio * 100)}% of the baseline: ` +
        (final.rateMet && final.ratioMet ? 'targets met' : `target${final.rateMet || final.ratioMet ? '' : 's'} missed`),
    );
  } finally {
    await bounds.finish();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const describe = (e: unknown): string => (e instanceof Error ? `${e.stack ?? e.message}${e.cause ? `\ncaused by: ${describe(e.cause)}` : ''}` : String(e));
  process.stderr.write(`[bench-receipts] failed: ${describe(error)}\n`);
  process.exitCode = 1;
});
