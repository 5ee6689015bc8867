// Child process of driver-crash.test.ts, talking through lines on stdin/stdout. It keeps TRANSACTIONS
// transactions waiting inside PostgreSQL and says `ready`; the parent then kills or stops the server.
// It reports how each transaction ended (`{"failed": [codes]}`), waits for `again` (the server is back)
// and reports how the same number of fresh queries on the same pool went (`{"after": [...]}`).
import { createInterface } from 'node:readline';
import postgres from 'postgres';

const count = Number(process.env['TRANSACTIONS']);
const sql = postgres(process.env['DATABASE_URL'], { max: count, backoff: () => 0.05, onnotice: () => undefined });
const outcome = (promise) => promise.then(() => 'ok', (error) => error.code ?? error.message);
const say = (line) => process.stdout.write(`${typeof line === 'string' ? line : JSON.stringify(line)}\n`);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

let started = 0;
const transactions = Array.from({ length: count }, () =>
  outcome(
    sql.begin(async (tx) => {
      await tx`select 1`;
      if (++started === count) say('ready');
      await tx`select pg_sleep(30)`;
    }),
  ),
);
say({ failed: await Promise.all(transactions) });

await lines.next();
say({ after: await Promise.all(Array.from({ length: count }, () => outcome(sql`select 1`))) });
await sql.end({ timeout: 1 });
process.exit(0);
