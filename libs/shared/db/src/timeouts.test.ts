import { randomInt } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './connection';
import { withoutStatementTimeout } from './long-statements';
import { asUnavailable } from './unavailable';

// The server's maintenance database: the books' database (DATABASE_URL's) need not exist yet on a fresh machine.
const server = (() => {
  const url = new URL(process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/postgres';
  return url.toString();
})();
const opened: Database[] = [];
const open = (options: Parameters<typeof openDatabase>[1]) => {
  const database = openDatabase(server, { max: 2, ...options });
  opened.push(database);
  return database;
};
const failureOf = (query: Promise<unknown>) => query.then(() => undefined, (error: unknown) => error);

afterAll(async () => {
  await Promise.all(opened.map((database) => database.close()));
});

describe('statement and lock timeouts from openDatabase', () => {
  it('cuts a statement over the limit, and the cut is a retryable refusal, not an internal error', async () => {
    const { sql } = open({ statementTimeoutMs: 50 });
    expect((await sql<{ value: string }[]>`select current_setting('statement_timeout') as value`)[0]!.value).toBe('50ms');
    const error = await failureOf(sql`select pg_sleep(2)`);
    expect(error).toMatchObject({ code: '57014' });
    expect(asUnavailable(error)).toMatchObject({ kind: 'unavailable', reason: 'STATEMENT_TIMEOUT' });
    expect(await sql`select 1 as ok`).toEqual([{ ok: 1 }]);
  });

  it('gives up waiting for a lock after the lock limit, also retryably', async () => {
    const holder = open({});
    const waiter = open({ lockTimeoutMs: 50 });
    const key = randomInt(2 ** 40);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const held = holder.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${key})`;
      locked();
      await released;
    });
    await holding;
    const error = await failureOf(waiter.sql`select pg_advisory_xact_lock(${key})`);
    release();
    await held;
    expect(error).toMatchObject({ code: '55P03' });
    expect(asUnavailable(error)).toMatchObject({ kind: 'unavailable', reason: 'LOCK_TIMEOUT' });
  });

  it('lets the statements given to withoutStatementTimeout run past the limit', async () => {
    const { sql } = open({ statementTimeoutMs: 50 });
    expect(await withoutStatementTimeout(sql, async (tx) => tx`select pg_sleep(0.2), 1 as ok`)).toEqual([{ pg_sleep: '', ok: 1 }]);
    expect((await sql<{ value: string }[]>`select current_setting('statement_timeout') as value`)[0]!.value).toBe('50ms');
  });

  it('sets 0 as no limit at all, over whatever the database has', async () => {
    const { sql } = open({ statementTimeoutMs: 0, lockTimeoutMs: 0 });
    expect(await sql`select current_setting('statement_timeout') as statement, current_setting('lock_timeout') as lock`).toEqual([{ statement: '0', lock: '0' }]);
  });
});
