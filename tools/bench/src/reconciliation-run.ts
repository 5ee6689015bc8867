import { migrate, openDatabase } from '@jinku/db';
import { matchStatement, reconciliationMigrations } from '@jinku/reconciliation';
import { toolOptions } from '@jinku/runtime';
import { recreateDatabase } from './setup';

const USAGE = `usage: npx nx run bench:bench-reconciliation [-- --lines 1000000]
Drops and recreates the database jinku_bench_reconciliation on 127.0.0.1:5432; talks to nothing else. Writes a
statement of --lines lines, half the treasury's and half the counterparty's (about 1% of them made to differ:
amounts, dates, codes, missing on either side), then times the matching: three set-based statements that pair
the sides and record every difference.`;

const URL = 'postgres://postgres@127.0.0.1:5432/jinku_bench_reconciliation';
const say = (text: string) => process.stderr.write(`[reconciliation-bench] ${text}\n`);

async function main(): Promise<void> {
  const { positive } = toolOptions(process.argv.slice(2), { lines: { type: 'string' } }, USAGE);
  const half = Math.ceil(positive('lines', 1_000_000) / 2);
  await recreateDatabase(URL);
  const database = openDatabase(URL, { max: 2 });
  try {
    await migrate(database, [reconciliationMigrations]);
    const { sql } = database;
    const [statement] = await sql<{ id: string }[]>`
      insert into reconciliation.statements (treasury_id, counterparty_kind, counterparty_code, period_from, period_to, created_by)
      values ('SZ', 'collecting_authority', '14403000000', '2026-11-01', '2026-11-30', 'bench') returning id`;
    const id = statement!.id;
    say(`writing ${half} lines a side`);
    // The treasury's side: receipts M1..Mn, a level each, amounts and dates varied.
    await sql`
      insert into reconciliation.lines (statement_id, side, reference, level, code, amount, date)
      select ${id}::bigint, 'treasury', 'M' || i, (array['central', 'municipal', 'district'])[1 + i % 3], '1010101', (i % 100000) / 100.0 + 0.01,
             date '2026-11-01' + (i % 28)
      from generate_series(1, ${half}) i`;
    // The counterparty's: the same, but every 100th amount, every 250th date, every 333rd code differ; every 500th
    // missing; and 1,000 of its own.
    await sql`
      insert into reconciliation.lines (statement_id, side, reference, level, code, amount, date)
      select ${id}::bigint, 'counterparty', 'M' || i, (array['central', 'municipal', 'district'])[1 + i % 3],
             case when i % 333 = 0 then '1010102' else '1010101' end,
             (i % 100000) / 100.0 + 0.01 + case when i % 100 = 0 then 1 else 0 end,
             date '2026-11-01' + (i % 28) + case when i % 250 = 0 and i % 100 <> 0 then 1 else 0 end
      from generate_series(1, ${half}) i where i % 500 <> 0
      union all
      select ${id}::bigint, 'counterparty', 'X' || i, 'central', '1010101', 1.00, date '2026-11-02' from generate_series(1, 1000) i`;
    await sql`analyze reconciliation.lines`;
    say('matching');
    const started = performance.now();
    const run = await sql.begin((tx) => matchStatement(tx, id));
    const seconds = (performance.now() - started) / 1000;
    const kinds = await sql<{ kind: string; n: number }[]>`select kind, count(*)::int as n from reconciliation.differences where run_id = ${run.runId} group by kind order by kind`;
    process.stdout.write(
      [
        `| lines matched | seconds | lines/s | differences |`,
        `| --: | --: | --: | --: |`,
        `| ${(run.treasuryLines + run.counterpartyLines).toLocaleString('en-US')} | ${seconds.toFixed(2)} | ${Math.round((run.treasuryLines + run.counterpartyLines) / seconds).toLocaleString('en-US')} | ${run.differences.toLocaleString('en-US')} |`,
        ``,
        `by kind: ${kinds.map((k) => `${k.kind} ${k.n}`).join(', ')}`,
        ``,
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
