import { credentials, status, type Metadata } from '@grpc/grpc-js';
import { createLocalPostgres, type LocalPostgres, type TestDatabase } from '@jinku/db/testing';
import { healthOf, waitForHealth } from '@jinku/local-services';
import { ledgerV1 } from '@jinku/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Serving } from './serve';
import { receipt, seededDatabase, serveForTest } from './testing/deployed';
import { measureCrash } from './testing/crash-drill';
import { call } from './testing/harness';

// The server runs on a PostgreSQL of this file's own, which it stops and kills: never the shared one.
let postgres: LocalPostgres;
let database: TestDatabase;
let tipsKey: Metadata;
let serving: Serving | undefined;
let address: string;
let ledger: ledgerV1.LedgerServiceClient;

beforeAll(async () => {
  postgres = await createLocalPostgres();
  await postgres.start();
  ({ database, tipsKey } = await seededDatabase(postgres.url()));
});

afterAll(async () => {
  ledger?.close();
  await serving?.stop();
  await database?.drop().catch(() => undefined);
  await postgres?.destroy();
});

const post = (key: string) => call(ledger.postVoucher.bind(ledger), receipt(key), tipsKey);

/** Starts the server once; the first test does so while the database is down. */
async function startServer(): Promise<void> {
  if (serving) return;
  serving = await serveForTest(database.url);
  address = `127.0.0.1:${serving.server.port}`;
  ledger = new ledgerV1.LedgerServiceClient(address, credentials.createInsecure());
}

describe('the server while PostgreSQL is down', () => {
  it('starts NOT_SERVING while the database is down and turns SERVING once it accepts connections', async () => {
    await postgres.stop();
    await startServer();

    await new Promise((resolve) => setTimeout(resolve, 300)); // a few probes
    expect(await healthOf(address)).toBe('NOT_SERVING');
    expect(await post('while-down')).toMatchObject({ ok: false, code: status.UNAVAILABLE, reason: 'DATABASE_UNAVAILABLE' });

    await postgres.start();
    await waitForHealth(address, 'SERVING', 3_000);
    expect(await post('after-start')).toMatchObject({ ok: true });
  });

  it('answers a call during an outage UNAVAILABLE (retryable), reports NOT_SERVING, and serves the retry after', async () => {
    await startServer();
    await waitForHealth(address, 'SERVING');
    expect(await post('before-stop')).toMatchObject({ ok: true });
    await postgres.stop();
    expect(await post('during-outage')).toMatchObject({ ok: false, code: status.UNAVAILABLE, reason: 'DATABASE_UNAVAILABLE' });
    await waitForHealth(address, 'NOT_SERVING', 3_000);

    await postgres.start();
    await waitForHealth(address, 'SERVING', 3_000);
    expect(await post('during-outage')).toMatchObject({ ok: true });
  });

  it('survives a killed postmaster under 16 posting clients: nothing lost, duplicated or unbalanced, back within a second', async () => {
    await startServer();
    await waitForHealth(address, 'SERVING');
    const drill = await measureCrash({ postgres, post, clients: 16, downMs: 3_000 });
    console.info(`crash drill: ${JSON.stringify(drill.figures)}`);

    expect(drill.refusals.filter((code) => code !== status.UNAVAILABLE)).toEqual([]);
    const stored = await database.sql<{ key: string; debit: string; credit: string }[]>`
      select v.idempotency_key as key,
             coalesce(sum(e.amount) filter (where e.side = 'debit'), 0)::text as debit,
             coalesce(sum(e.amount) filter (where e.side = 'credit'), 0)::text as credit
      from ledger.vouchers v left join ledger.entries e on e.voucher_id = v.id
      where v.idempotency_key like 'drill-%' group by v.idempotency_key`;
    expect(stored.map((v) => v.key).sort()).toEqual([...drill.acknowledged].sort());
    expect(stored.filter((v) => v.debit !== '1.00' || v.credit !== '1.00')).toEqual([]);
    expect(drill.figures.firstAckAfterAcceptingMs).toBeLessThan(1_000);
  });
});
