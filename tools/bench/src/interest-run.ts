import { migrate, openDatabase } from '@jinku/db';
import { approvalsMigrations } from '@jinku/approvals';
import { accumulationsFor, createInterest, interestMigrations } from '@jinku/interest';
import { periodEndingOn } from '@jinku/interest-domain';
import { createLedger, ledgerMigrations, standardAccounts, standardSubjects } from '@jinku/ledger';
import { recreateDatabase } from './setup';

/**
 * Interest benchmark: one quarter (settlement day 2026-12-20) for 100,000 interest-bearing accounts with a
 * closing balance on every business day. The daily statements are generated with SQL (closing 65 days
 * through the ledger would measure day close, not interest); then the accumulation query, the preview and
 * the posting run are timed. Talks only to 127.0.0.1; drops and recreates `jinku_bench_interest`.
 */
const URL = 'postgres://postgres@127.0.0.1:5432/jinku_bench_interest';
const TREASURY = 'BENCH';
const ACCOUNTS = Number(process.argv[2] ?? 100_000);
const SETTLEMENT_DAY = '2026-12-20';

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const say = (text: string) => process.stderr.write(`[interest-bench] ${text}\n`);

async function main(): Promise<void> {
  await recreateDatabase(URL);
  const database = openDatabase(URL, { max: 4 });
  try {
    await migrate(database, [ledgerMigrations, approvalsMigrations, interestMigrations]);
    const ledger = createLedger(database);
    const { sql } = database;
    await ledger.setup.createTreasury({ id: TREASURY, name: '基准测试库', parentId: null, fiscalLevel: 'municipal' });
    await ledger.setup.defineSubjects(TREASURY, standardSubjects);
    await ledger.setup.openAccounts(TREASURY, [
      ...standardAccounts(['municipal'], '2026-09-18'),
      ...Array.from({ length: ACCOUNTS }, (_, i) => ({
        number: `2012M${String(i + 1).padStart(6, '0')}`,
        name: '财政预算专项存款',
        subjectCode: '2012',
        fiscalLevel: 'municipal' as const,
        openedOn: '2026-09-18',
      })),
    ]);
    const calendar = await ledger.days.calendar();
    const closedDays: string[] = [];
    for (let day = '2026-09-18'; day <= SETTLEMENT_DAY; day = calendar.nextBusinessDay(day)) closedDays.push(day);
    say(`${ACCOUNTS} accounts; generating ${closedDays.length} closed days of statements`);
    const started = process.hrtime.bigint();
    // Closing balance of account a on day d: 1,000.00 × (a mod 97 + 1) + 12.34 × day index — varied, exact.
    await sql`
      insert into ledger.daily_balances (account_id, business_date, treasury_id, opening, debit_turnover, credit_turnover, closing)
      select a.id, d.day::date, ${TREASURY}, 0, 0, 0, 1000.00 * (a.id % 97 + 1) + 12.34 * d.n
      from ledger.accounts a, unnest(${closedDays}::text[]) with ordinality as d(day, n)
      where a.treasury_id = ${TREASURY}`;
    await sql`
      insert into ledger.daily_subject_balances (treasury_id, subject_code, business_date, opening, debit_turnover, credit_turnover, closing)
      select ${TREASURY}, a.subject_code, d.business_date, 0, 0, 0, sum(d.closing)
      from ledger.daily_balances d join ledger.accounts a on a.id = d.account_id
      group by a.subject_code, d.business_date`;
    await sql`insert into ledger.business_days (treasury_id, date, status)
              select ${TREASURY}, day::date, 'closed' from unnest(${closedDays}::text[]) as day`;
    await sql`insert into ledger.business_days (treasury_id, date, status) values (${TREASURY}, '2026-12-21', 'open')`;
    // The rate of the treasury's jurisdiction (a top-level treasury is its own); no approval behind it here.
    await sql`insert into interest.rates (jurisdiction_id, effective_from, annual_rate, approval_request_id) values (${TREASURY}, '2025-01-01', 0.0035, 0)`;
    await sql.unsafe('vacuum analyze');
    say(`statements generated in ${seconds(started).toFixed(1)} s`);

    const interest = createInterest(database, ledger);
    let t = process.hrtime.bigint();
    const accumulations = await accumulationsFor(sql, TREASURY, periodEndingOn(SETTLEMENT_DAY));
    const accumulationSeconds = seconds(t);
    t = process.hrtime.bigint();
    const preview = await interest.scheduled.preview(TREASURY, SETTLEMENT_DAY);
    const previewSeconds = seconds(t);
    t = process.hrtime.bigint();
    const outcome = await interest.scheduled.run(TREASURY, SETTLEMENT_DAY, {
      onProgress: (done, total) => {
        if (done % 20_000 === 0 || done === total) say(`posted ${done}/${total}`);
      },
    });
    const runSeconds = seconds(t);
    t = process.hrtime.bigint();
    const rerun = await interest.scheduled.run(TREASURY, SETTLEMENT_DAY);
    const rerunSeconds = seconds(t);

    process.stdout.write(
      [
        `Command: npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/src/interest-run.ts ${ACCOUNTS}`,
        `| Step | Accounts | Seconds |`,
        `|---|--:|--:|`,
        `| accumulation query (one set-based statement, ${closedDays.length} closed days) | ${accumulations.length} | ${accumulationSeconds.toFixed(2)} |`,
        `| preview (accumulation + R48 subject check + rate + interest) | ${preview.accounts.length} | ${previewSeconds.toFixed(2)} |`,
        `| run: post ${outcome.posted} interest vouchers with their run rows | ${outcome.posted + outcome.alreadyDone} | ${runSeconds.toFixed(2)} |`,
        `| rerun (no-op: ${rerun.alreadyDone} already done, ${rerun.posted} posted) | ${rerun.alreadyDone} | ${rerunSeconds.toFixed(2)} |`,
        '',
      ].join('\n'),
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
