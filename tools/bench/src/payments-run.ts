import { ALL_MIGRATIONS } from '@jinku/all-migrations';
import { createApprovals, type ApprovalRequest } from '@jinku/approvals';
import { migrate, openDatabase, type Database } from '@jinku/db';
import { appropriationAction, createDisbursement } from '@jinku/disbursement';
import { parseAmount, type Actor, type Post } from '@jinku/kernel';
import { createLedger, demoTreasuries, jurisdictionsOf, seedLedgerDemo, type Ledger } from '@jinku/ledger';
import { createRevenue } from '@jinku/revenue';
import { createSpecimens, specimenCardNewAction } from '@jinku/seals';
import { toolOptions } from '@jinku/runtime';
import { recreateDatabase } from './setup';
import { summarizeLatencies } from './stats';

const USAGE = `usage: npx nx run bench:bench-payments [-- options]
  --payments <n>  appropriations per mode (default 2000)
  --callers <n>   concurrent callers, and the pool size (default 8)
Drops and recreates the database jinku_bench_payments on 127.0.0.1:5432; talks to nothing else.
Measures appropriations taken through the whole route in-process — entry (all checks, the seal against the
specimen card, the plan), review, and the blind key-element audit that releases them (checks again under the plan
key's lock, posts the voucher, the register row, the usage and the payment instruction) — next to a baseline of
the same vouchers posted straight through the ledger in the same run.`;

const URL = 'postgres://postgres@127.0.0.1:5432/jinku_bench_payments';
const TREASURY = 'SZ-FT';
const BUREAU = 'FB-440304';
const say = (text: string) => process.stderr.write(`[payments-bench] ${text}\n`);

interface Bench {
  readonly database: Database;
  readonly ledger: Ledger;
  readonly approvals: ReturnType<typeof createApprovals>;
  readonly today: string;
  readonly people: Record<'operator' | 'reviewer' | 'auditor', Actor>;
}

async function prepare(callers: number, payments: number): Promise<Bench> {
  await recreateDatabase(URL);
  const database = openDatabase(URL, { max: callers + 2 });
  await migrate(database, ALL_MIGRATIONS);
  const ledger = createLedger(database);
  const today = await seedLedgerDemo(ledger.setup, ledger.days, '2026-11-20');
  const people = new Map<string, Actor>();
  const person = (userId: string, post: Post, treasuryId = TREASURY): Actor => {
    const { reach, jurisdictionId } = jurisdictionsOf(demoTreasuries).get(treasuryId)!;
    const actor: Actor = { kind: 'person', userId, login: userId, treasuryId, posts: [post], scopes: [], reach, jurisdictionId };
    people.set(userId, actor);
    return actor;
  };
  const specimens = createSpecimens(database);
  const approvals = createApprovals(database, ledger, [specimenCardNewAction(database, { today: () => today }), appropriationAction({ database, ledger, specimens, today: () => today })], {
    currentPerson: async (userId) => people.get(userId)!,
  });
  const bench = { database, ledger, approvals, today, people: { operator: person('operator', 'fiscal_refund_operator'), reviewer: person('reviewer', 'reviewer'), auditor: person('auditor', 'key_element_auditor') } };
  // The bureau's card, its plan, and the district's revenue to pay from: enough for both modes.
  const card = await approvals.submit(bench.people.operator, {
    kind: 'specimen_card_new',
    treasuryId: TREASURY,
    idempotencyKey: 'card',
    documents: [],
    payload: {
      unitId: BUREAU,
      unitKind: 'finance_bureau',
      unitName: BUREAU,
      effectiveFrom: today,
      unitSeal: { imprint: `${BUREAU} 公章`, publicKey: '' },
      representativeName: '张三',
      representativeRole: 'legal_representative',
      representativeSeal: { imprint: `${BUREAU} 名章`, publicKey: '' },
      documents: ['application', 'representative_certificate', 'specimen_card', 'introduction_letter'].map((kind) => ({ kind, reference: kind })),
      unitSealDated: false,
    },
  });
  await approvals.act(bench.people.reviewer, { requestId: card.id, decision: 'approve', comment: 'ok', keyElements: null });
  await approvals.act(person('supervisor', 'accounting_supervisor'), { requestId: card.id, decision: 'approve', comment: 'ok', keyElements: null });
  const bureauSystem: Actor = { kind: 'machine', userId: 'bureau', login: 'bureau', treasuryId: TREASURY, posts: [], scopes: ['budget_data'], reach: [TREASURY], jurisdictionId: 'SZ' };
  await createDisbursement(database, { ledger, approvals }).submitPlan(bureauSystem, { bureauCode: BUREAU, year: 2026, kind: 'plan', document: 'plan', lines: [{ functionCode: '201', economicCode: '', amount: '1000000000.00' }] });
  const link: Actor = { ...bureauSystem, userId: 'tips', login: 'tips', scopes: ['receipt_posting'] };
  const [receipt] = await createRevenue(database, ledger).submitReceipts(link, [
    { authorityCode: 'FEES', messageId: 'fund', revenueCode: '10304', designation: 'district', region: '440304', payerName: 'bench', payerAccount: '1', amount: `${payments * 4 * 100}.00`, collectionDate: today },
  ]);
  if (!receipt?.ok) throw new Error('could not fund the district deposit');
  return bench;
}

const voucher = (bench: Bench, n: number) => ({
  bureauCode: BUREAU,
  budgetLevel: 'district',
  agencyBankCode: '',
  voucherNumber: `BK-${n}`,
  voucherDate: bench.today,
  payeeName: '深圳市福田区某学校',
  payeeAccount: `40000234092${String(n).padStart(8, '0')}`,
  bankCode: '102584002341',
  payeeKind: 'budget_unit',
  settlement: 'transfer',
  amount: '100.00',
  lines: [{ budgetUnitCode: 'BU-1', functionCode: '2010605', economicCode: '30201', amount: '100.00' }],
  documents: [],
  copyAmounts: [],
  presented: { $case: 'paper', value: { unitImprint: `${BUREAU} 公章`, representativeImprint: `${BUREAU} 名章` } },
});

/** Runs `count` jobs with `callers` at a time; returns the rate per second and each job's latency. */
async function timed(count: number, callers: number, job: (n: number) => Promise<void>): Promise<{ rate: number; latenciesMs: number[] }> {
  let next = 0;
  const latenciesMs: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      for (let n = next++; n < count; n = next++) {
        const t = performance.now();
        await job(n);
        latenciesMs.push(performance.now() - t);
      }
    }),
  );
  return { rate: count / ((performance.now() - started) / 1000), latenciesMs };
}

async function throughRoute(bench: Bench, n: number): Promise<void> {
  const { approvals, people } = bench;
  const payload = voucher(bench, n);
  const entered: ApprovalRequest = await approvals.submit(people.operator, { kind: 'appropriation', treasuryId: TREASURY, idempotencyKey: `pay-${n}`, documents: [], payload });
  await approvals.act(people.reviewer, { requestId: entered.id, decision: 'approve', comment: 'ok', keyElements: null });
  const done = await approvals.act(people.auditor, {
    requestId: entered.id,
    decision: 'approve',
    comment: 'ok',
    keyElements: { payeeAccount: payload.payeeAccount, payeeName: payload.payeeName, bankCode: payload.bankCode, amount: payload.amount },
  });
  if (done.status !== 'executed') throw new Error(`payment ${n} not released: ${done.status}`);
}

/** The baseline: the payment's voucher alone, posted straight through the ledger (no checks, no route, no register). */
async function straightToLedger(bench: Bench, n: number, accounts: { deposit: string; clearing: string }): Promise<void> {
  const amount = parseAmount('100.00');
  await bench.database.sql.begin((tx) =>
    bench.ledger.postWithin(tx, bench.people.operator, [
      {
        purpose: `baseline:${n}`,
        treasuryId: TREASURY,
        draft: {
          kind: 'ordinary',
          summary: `baseline ${n}`,
          documents: [{ kind: 'appropriation_voucher', reference: `baseline-${n}` }],
          lines: [
            { accountNumber: accounts.deposit, side: 'debit', amount, fiscalLevel: 'district', classificationCode: '2010605' },
            { accountNumber: accounts.clearing, side: 'credit', amount, fiscalLevel: null, classificationCode: null },
          ],
        },
      },
    ]),
  );
}

async function main(): Promise<void> {
  const { positive } = toolOptions(process.argv.slice(2), { payments: { type: 'string' }, callers: { type: 'string' } }, USAGE);
  const payments = Math.ceil(positive('payments', 2000));
  const callers = Math.ceil(positive('callers', 8));
  say(`preparing ${URL}`);
  const bench = await prepare(callers, payments);
  try {
    const accounts = await bench.ledger.setup.accountsOf(TREASURY);
    const numberOf = (role: string, level: string | null) => accounts.filter((a) => a.subject.role === role && (level === null || a.fiscalLevel === level)).map((a) => a.number).sort()[0]!;
    const ledgerAccounts = { deposit: numberOf('deposit', 'district'), clearing: numberOf('clearing', null) };
    say(`baseline: ${payments} vouchers straight through the ledger, ${callers} callers`);
    const baseline = await timed(payments, callers, (n) => straightToLedger(bench, n, ledgerAccounts));
    say(`route: ${payments} appropriations entered, reviewed and released, ${callers} callers`);
    const route = await timed(payments, callers, (n) => throughRoute(bench, n));
    const latency = summarizeLatencies(route.latenciesMs);
    const [check] = await bench.database.sql<{ payments: number; usages: number; instructions: number }[]>`
      select (select count(*)::int from disbursement.payments) as payments, (select count(*)::int from disbursement.usages) as usages,
             (select count(*)::int from disbursement.instructions) as instructions`;
    process.stdout.write(
      [
        `| mode | per second | p50 ms | p99 ms |`,
        `| --- | --: | --: | --: |`,
        `| appropriations through the route (3 steps each) | ${Math.round(route.rate)} | ${latency.p50.toFixed(1)} | ${latency.p99.toFixed(1)} |`,
        `| baseline: the same vouchers straight through the ledger | ${Math.round(baseline.rate)} | – | – |`,
        ``,
        `route / baseline: ${Math.round((route.rate / baseline.rate) * 100)}%; payments ${check!.payments}, usages ${check!.usages}, instructions ${check!.instructions} (each ${payments})`,
        ``,
      ].join('\n'),
    );
  } finally {
    await bench.database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
