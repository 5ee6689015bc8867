import { toolOptions } from '@jinku/runtime';
import { generateKeyPairSync, randomUUID, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { availableParallelism, cpus, totalmem } from 'node:os';
import {
  contentHash,
  decodeSealSignature,
  encodeTbs,
  generateSealKeyPair,
  isSignatureValid,
  SEAL_SIGNATURE_VERSION,
  signSeal,
  sm2PointFromSpki,
  sm2Sign,
  sm2Verify,
  verificationOutcome,
  type SealAlgorithm,
  type SealOnRecord,
  type Sm2Signature,
} from '@jinku/seals-domain';
import { sm2 as smCrypto } from 'sm-crypto';
import { benchDocuments, benchPeople, prepareSealsBench, type SealsBench } from './seals-fixture';
import { timedMode, ValidCounter, type SealsPlan, type TimedMode } from './seals-measure';

const USAGE = `usage: npx nx run bench:bench-seals [-- options]
       npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/src/seals-run.ts [options]
  --seconds <n>   measured length of each mode (default 3)
  --warmup <n>    warm-up seconds before each mode (default 1)
  --callers <n>   concurrent lib callers, and the database pool size (default 8)
  --seals <n>     seals in use per algorithm, taken round-robin by the callers (default 8)
Drops and recreates the database jinku_bench_seals on 127.0.0.1:5432; talks to nothing else.`;

const DOCUMENTS = 64;
/** Signatures kept from the raw sign modes to verify in the raw verify modes. */
const KEPT_RAW_SIGNATURES = 256;

interface Options {
  readonly plan: SealsPlan;
  readonly callers: number;
  readonly sealsPerAlgorithm: number;
}

function parseOptions(argv: string[]): Options {
  const { positive } = toolOptions(argv, { seconds: { type: 'string' }, warmup: { type: 'string' }, callers: { type: 'string' }, seals: { type: 'string' } }, USAGE);
  return {
    plan: { seconds: positive('seconds', 3), warmupSeconds: positive('warmup', 1) },
    callers: Math.ceil(positive('callers', 8)),
    sealsPerAlgorithm: Math.ceil(positive('seals', 8)),
  };
}

const say = (text: string) => process.stderr.write(`[seals-bench] ${text}\n`);
const integer = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
const cores = (n: number) => (Number.isFinite(n) ? Math.max(0, n).toFixed(2) : '–');
const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;
/** Cores busy with anything but this process and PostgreSQL: above this on 2 cores, a mode's figure is suspect. */
const DISTURBED_CORES = 0.3;
const otherCores = (m: TimedMode) => Math.max(0, m.cpu.machine - m.cpu.client - m.cpu.postgres);
/** Whether other processes took CPU while either half of a comparison ran ('?' without /proc). */
const quiet = (...modes: TimedMode[]) => {
  const other = modes.map(otherCores);
  return other.some((n) => !Number.isFinite(n)) ? '?' : other.every((n) => n <= DISTURBED_CORES) ? 'yes' : `no (other ${Math.max(...other).toFixed(2)} cores)`;
};
const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;

/** One algorithm's modes, sign side then verify side; `reference` is sm-crypto (SM2 only). */
interface AlgorithmResult {
  readonly algorithm: SealAlgorithm;
  readonly rawSign: TimedMode;
  readonly referenceSign: TimedMode | undefined;
  readonly bareSign: TimedMode;
  readonly apply: TimedMode;
  readonly rawVerify: TimedMode;
  readonly referenceVerify: TimedMode | undefined;
  readonly bareVerify: TimedMode;
  readonly verify: TimedMode;
  readonly valid: number;
}

interface Sealed {
  readonly signature: Buffer;
  readonly content: Uint8Array;
}

async function benchAlgorithm(bench: SealsBench, algorithm: SealAlgorithm, options: Options): Promise<AlgorithmResult> {
  const { plan, callers } = options;
  const documents = benchDocuments(DOCUMENTS);
  const sealIds = bench.sealIds[algorithm];
  const signer = benchPeople.keeper.userId;
  const run = async (label: string, inFlight: number, call: () => Promise<void>) => {
    say(`${algorithm}: ${label}: ${plan.warmupSeconds} s warm-up, ${plan.seconds} s measured`);
    const mode = await timedMode(label, inFlight, plan, call);
    say(`  ${integer(mode.perSecond)}/s (${mode.calls} in ${mode.seconds.toFixed(1)} s), p50 ${ms(mode.latency.p50)} ms, p99 ${ms(mode.latency.p99)} ms`);
    return mode;
  };
  const cycle = <T>(items: readonly T[]) => {
    let next = 0;
    return () => items[next++ % items.length]!;
  };
  // The TBS every document would be signed under (same seal id, signer and date for all): the raw modes sign these bytes.
  const signedAt = new Date();
  const tbsDers = documents.map((d) =>
    encodeTbs({ version: SEAL_SIGNATURE_VERSION, sealId: sealIds[0]!, signedAt, dataHash: contentHash(d.content), documentReference: d.reference, signerUserId: signer }),
  );

  // Sign side. The raw primitive and the reference library first, then the bare signSeal right before the lib.
  let rawSign: TimedMode;
  let referenceSign: TimedMode | undefined;
  let rawVerifyCall: (counter: ValidCounter) => () => Promise<void>;
  if (algorithm === 'sm2_sm3') {
    // One key for both SM2 implementations: sm-crypto makes it, the hand-written code takes its scalar.
    const pair = smCrypto.generateKeyPairHex();
    const scalar = BigInt(`0x${pair.privateKey}`);
    const point = { x: BigInt(`0x${pair.publicKey.slice(2, 66)}`), y: BigInt(`0x${pair.publicKey.slice(66)}`) };
    const kept: { tbs: Uint8Array; signature: Sm2Signature }[] = [];
    const nextTbs = cycle(tbsDers);
    rawSign = await run('sm2Sign (hand-written BigInt SM2, on the encoded TBS)', 1, async () => {
      const tbs = nextTbs();
      const signature = sm2Sign(tbs, scalar);
      if (kept.length < KEPT_RAW_SIGNATURES) kept.push({ tbs, signature });
    });
    // The two implementations must agree before their speeds are compared: each verifies the other's signature.
    const probe = tbsDers[0]!;
    // (r || s in hex here, sm-crypto's form without `der`.)
    const theirs = smCrypto.doSignature(Array.from(probe), pair.privateKey, { hash: true });
    const ours = sm2Sign(probe, scalar);
    const oursHex = `${ours.r.toString(16).padStart(64, '0')}${ours.s.toString(16).padStart(64, '0')}`;
    const theirsValue = { r: BigInt(`0x${theirs.slice(0, 64)}`), s: BigInt(`0x${theirs.slice(64)}`) };
    if (!sm2Verify(probe, theirsValue, point) || !smCrypto.doVerifySignature(Array.from(probe), oursHex, pair.publicKey, { hash: true })) {
      throw new Error('sm2Sign/sm2Verify and sm-crypto do not accept each other’s signatures');
    }
    const tbsArrays = tbsDers.map((tbs) => Array.from(tbs));
    const nextArray = cycle(tbsArrays);
    referenceSign = await run('sm-crypto sm2.doSignature (hash, der; on the encoded TBS)', 1, async () => {
      smCrypto.doSignature(nextArray(), pair.privateKey, { hash: true, der: true });
    });
    rawVerifyCall = (counter) => {
      const next = cycle(kept);
      return async () => {
        const { tbs, signature } = next();
        counter.check(sm2Verify(tbs, signature, point), 'sm2Verify');
      };
    };
  } else {
    const pair = generateKeyPairSync('ed25519');
    const kept: { tbs: Uint8Array; signature: Buffer }[] = [];
    const nextTbs = cycle(tbsDers);
    rawSign = await run('crypto.sign (Node Ed25519, imported key; on the encoded TBS)', 1, async () => {
      const tbs = nextTbs();
      const signature = nodeSign(null, tbs, pair.privateKey);
      if (kept.length < KEPT_RAW_SIGNATURES) kept.push({ tbs, signature });
    });
    rawVerifyCall = (counter) => {
      const next = cycle(kept);
      return async () => {
        const { tbs, signature } = next();
        counter.check(nodeVerify(null, tbs, pair.publicKey, signature), 'crypto.verify');
      };
    };
  }

  const sealKey = generateSealKeyPair(algorithm);
  const nextDocument = cycle(documents);
  let lastBare: Buffer = Buffer.alloc(0);
  const bareSign = await run('bare signSeal (SM3 content hash + DER TBS + sign, PKCS#8 key), no database', 1, async () => {
    const document = nextDocument();
    const tbs = { version: SEAL_SIGNATURE_VERSION, sealId: sealIds[0]!, signedAt: new Date(), dataHash: contentHash(document.content), documentReference: document.reference, signerUserId: signer };
    lastBare = signSeal(tbs, algorithm, sealKey.privateKeyPkcs8);
  });
  const lastDecoded = decodeSealSignature(lastBare);
  if (!lastDecoded || !isSignatureValid(lastDecoded, sealKey.publicKeySpki)) throw new Error(`${algorithm}: bare signSeal made a signature its own key does not verify`);

  // The lib: callers take the seals round-robin; every application gets its own idempotency key.
  const sealed: Sealed[] = [];
  const nextSeal = cycle(sealIds);
  const nextApplied = cycle(documents);
  const apply = await run(`lib seals.apply, ${callers} callers over ${sealIds.length} seal${sealIds.length === 1 ? '' : 's'}`, callers, async () => {
    const document = nextApplied();
    const applied = await bench.seals.apply(benchPeople.keeper, nextSeal(), { ...document, idempotencyKey: randomUUID() });
    sealed.push({ signature: applied.signature, content: document.content });
  });
  const logged = await bench.usesLogged(sealIds);
  if (logged !== apply.warmupCalls + apply.calls || sealed.length !== logged) {
    throw new Error(`${algorithm}: ${apply.warmupCalls + apply.calls} applications, ${sealed.length} signatures returned, ${logged} uses logged`);
  }

  // Verify side, over the signatures the lib just made (the raw modes: over their own).
  let valid = 0;
  const counted = async (label: string, inFlight: number, counter: ValidCounter, call: () => Promise<void>) => {
    const mode = await run(label, inFlight, call);
    valid += counter.assertAll(mode);
    say(`  all ${integer(mode.warmupCalls + mode.calls)} answered valid`);
    return mode;
  };
  const rawCounter = new ValidCounter('raw verify');
  const rawVerify = await counted(
    `${algorithm === 'sm2_sm3' ? 'sm2Verify (hand-written BigInt SM2)' : 'crypto.verify (Node Ed25519, imported key)'}, on the encoded TBS`,
    1,
    rawCounter,
    rawVerifyCall(rawCounter),
  );
  const records = new Map<string, SealOnRecord>();
  for (const id of sealIds) records.set(id, await bench.onRecord(id));

  let referenceVerify: TimedMode | undefined;
  if (algorithm === 'sm2_sm3') {
    // sm-crypto checks the lib's own signatures: the same bytes an outside SM2 verifier would get.
    const inputs = sealed.map(({ signature }) => {
      const decoded = decodeSealSignature(signature)!;
      const point = sm2PointFromSpki(records.get(decoded.tbs.sealId)!.publicKeySpki);
      const publicHex = `04${point.x.toString(16).padStart(64, '0')}${point.y.toString(16).padStart(64, '0')}`;
      return { message: Array.from(decoded.tbsDer), signatureHex: Buffer.from(decoded.signature).toString('hex'), publicHex };
    });
    const next = cycle(inputs);
    const counter = new ValidCounter('sm-crypto verify');
    referenceVerify = await counted('sm-crypto sm2.doVerifySignature (hash, der), on the lib’s signatures', 1, counter, async () => {
      const input = next();
      counter.check(smCrypto.doVerifySignature(input.message, input.signatureHex, input.publicHex, { hash: true, der: true }), 'doVerifySignature');
    });
  }

  const bareCounter = new ValidCounter('bare verify');
  const nextBare = cycle(sealed);
  const bareVerify = await counted('bare decodeSealSignature + verificationOutcome, no database', 1, bareCounter, async () => {
    const { signature, content } = nextBare();
    const decoded = decodeSealSignature(signature);
    bareCounter.check(verificationOutcome(decoded, decoded && records.get(decoded.tbs.sealId), content), 'verificationOutcome');
  });

  const libCounter = new ValidCounter('lib verify');
  const nextLib = cycle(sealed);
  const verify = await counted(`lib seals.verify, ${callers} callers`, callers, libCounter, async () => {
    const { signature, content } = nextLib();
    libCounter.check((await bench.seals.verify(benchPeople.operator, signature, content)).outcome, 'seals.verify');
  });

  return { algorithm, rawSign, referenceSign, bareSign, apply, rawVerify, referenceVerify, bareVerify, verify, valid };
}

function averageDocumentBytes(): number {
  return Math.round(benchDocuments(DOCUMENTS).reduce((sum, d) => sum + d.content.length, 0) / DOCUMENTS);
}

function commandLine(argv: string[]): string {
  const direct = ['npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/src/seals-run.ts', ...argv].join(' ');
  return process.env['NX_TASK_TARGET_PROJECT'] === 'bench' ? `npx nx run bench:bench-seals (runs: ${direct})` : direct;
}

function render(command: string, machine: string, options: Options, results: readonly AlgorithmResult[]): string {
  const lines = [
    `Command: ${command}`,
    `Machine: ${machine}`,
    `Plan: ${options.plan.warmupSeconds} s warm-up + ${options.plan.seconds} s measured per mode; lib: ${options.callers} concurrent callers over a pool of ${options.callers} connections, ` +
      `${options.sealsPerAlgorithm} seals in use per algorithm taken round-robin; bare and reference primitives: one call at a time on this process's thread; ${DOCUMENTS} documents of ${averageDocumentBytes()} bytes on average.`,
    '',
    'Lib calls against the bare primitives (same documents, same run):',
    '',
    row(['Algorithm', 'Lib call', 'Lib /s', 'p50 ms', 'p99 ms', 'Bare baseline', 'Bare /s', 'Lib / bare', 'Quiet machine']),
    '|---|---|--:|--:|--:|---|--:|--:|---|',
  ];
  for (const r of results) {
    lines.push(row([r.algorithm, 'apply', integer(r.apply.perSecond), ms(r.apply.latency.p50), ms(r.apply.latency.p99), 'signSeal', integer(r.bareSign.perSecond), percent(r.apply.perSecond / r.bareSign.perSecond), quiet(r.apply, r.bareSign)]));
    lines.push(
      row([r.algorithm, 'verify', integer(r.verify.perSecond), ms(r.verify.latency.p50), ms(r.verify.latency.p99), 'decode + verificationOutcome', integer(r.bareVerify.perSecond), percent(r.verify.perSecond / r.bareVerify.perSecond), quiet(r.verify, r.bareVerify)]),
    );
  }
  lines.push('');
  for (const r of results) {
    lines.push(`- ${r.algorithm}: apply ${integer(r.apply.perSecond)}/s = ${percent(r.apply.perSecond / r.bareSign.perSecond)} of bare sign ${integer(r.bareSign.perSecond)}/s; ` +
      `verify ${integer(r.verify.perSecond)}/s = ${percent(r.verify.perSecond / r.bareVerify.perSecond)} of bare verify ${integer(r.bareVerify.perSecond)}/s`);
  }
  const sm2 = results.find((r) => r.algorithm === 'sm2_sm3');
  if (sm2?.referenceSign && sm2.referenceVerify) {
    lines.push(
      '',
      'Hand-written SM2 (BigInt, @jinku/seals-domain sm2.ts) against sm-crypto, same TBS bytes, one call at a time:',
      '',
      row(['Operation', 'hand-written /s', 'sm-crypto /s', 'hand-written / sm-crypto']),
      '|---|--:|--:|--:|',
      row(['sign (sm2Sign vs doSignature)', integer(sm2.rawSign.perSecond), integer(sm2.referenceSign.perSecond), `${(sm2.rawSign.perSecond / sm2.referenceSign.perSecond).toFixed(1)}×`]),
      row(['verify (sm2Verify vs doVerifySignature)', integer(sm2.rawVerify.perSecond), integer(sm2.referenceVerify.perSecond), `${(sm2.rawVerify.perSecond / sm2.referenceVerify.perSecond).toFixed(1)}×`]),
    );
  }
  lines.push(
    '',
    `Every mode (CPU in cores busy over the measured window, 2.00 = both cores of a 2-core machine; "other" is everything but this process and PostgreSQL, above ${DISTURBED_CORES} the machine was not quiet):`,
    '',
    row(['Algorithm', 'Mode', 'In flight', 'Calls', 'Seconds', 'Calls/s', 'p50 ms', 'p99 ms', 'max ms', 'CPU bench', 'CPU postgres', 'CPU other']),
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  );
  for (const r of results) {
    for (const m of [r.rawSign, r.referenceSign, r.bareSign, r.apply, r.rawVerify, r.referenceVerify, r.bareVerify, r.verify]) {
      if (!m) continue;
      lines.push(row([r.algorithm, m.label, m.inFlight, integer(m.calls), m.seconds.toFixed(1), integer(m.perSecond), ms(m.latency.p50), ms(m.latency.p99), ms(m.latency.max), cores(m.cpu.client), cores(m.cpu.postgres), cores(otherCores(m))]));
    }
  }
  lines.push('', `Verifications answered valid: ${results.map((r) => `${r.algorithm} ${integer(r.valid)}`).join(', ')} (every one checked, warm-up included).`, '');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  const command = commandLine(argv);
  say(`command: ${command}`);
  // Bounded: 14 modes plus set-up; a hung call stops the bench instead of the caller's terminal.
  const watchdogMs = (120 + 14 * (options.plan.warmupSeconds + options.plan.seconds * 2 + 10)) * 1000;
  const watchdog = setTimeout(() => {
    say(`still running after ${Math.round(watchdogMs / 1000)} s; giving up`);
    process.exit(2);
  }, watchdogMs);
  say(`preparing jinku_bench_seals (drop, create, migrate seals; ${options.sealsPerAlgorithm} seals per algorithm registered and put in use)`);
  const bench = await prepareSealsBench(options.callers, options.sealsPerAlgorithm);
  try {
    const [pg] = await bench.database.sql<{ version: string }[]>`select current_setting('server_version') as version`;
    const machine = `${availableParallelism()} cores (nproc), ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, PostgreSQL ${pg!.version}`;
    const results: AlgorithmResult[] = [];
    for (const algorithm of ['sm2_sm3', 'ed25519'] as const) results.push(await benchAlgorithm(bench, algorithm, options));
    process.stdout.write(render(command, machine, options, results));
    say('done');
  } finally {
    clearTimeout(watchdog);
    await bench.database.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`[seals-bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
