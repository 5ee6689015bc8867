import { credentials, Metadata } from '@grpc/grpc-js';
import type { TestDatabase } from '@jinku/db/testing';
import { healthStatus } from '@jinku/grpc-kit/testing';
import { createIdentity } from '@jinku/identity';
import { identityV1, ledgerV1 } from '@jinku/proto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serve, type Serving } from './serve';
import { receipt, seededDatabase, TEST_SERVE_CONFIG } from './testing/deployed';
import { bearer, call } from './testing/harness';

let database: TestDatabase;
let tips: Metadata;
let reviewer: Metadata;
let serving: Serving;
let ledger: ledgerV1.LedgerServiceClient;
let identity: identityV1.IdentityServiceClient;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  ({ database, tipsKey: tips } = await seededDatabase());
  const people = createIdentity(database);
  await people.createUser({ treasuryId: 'SZ', login: 'obs.reviewer', name: 'obs.reviewer', posts: ['reviewer'] });
  reviewer = bearer((await people.issueToken('obs.reviewer', 1)).token);
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  serving = await serve({ ...TEST_SERVE_CONFIG, databaseUrl: database.url, metricsAddress: '127.0.0.1:0' }, log, () => undefined);
  const address = `127.0.0.1:${serving.server.port}`;
  await vi.waitFor(async () => expect(await healthStatus(address, credentials.createInsecure())).toBe('SERVING'), { timeout: 10_000, interval: 50 });
  ledger = new ledgerV1.LedgerServiceClient(address, credentials.createInsecure());
  identity = new identityV1.IdentityServiceClient(address, credentials.createInsecure());
});

afterAll(async () => {
  ledger?.close();
  identity?.close();
  await serving?.stop();
  await database?.drop();
});

const withRequestId = (metadata: Metadata, requestId: string) => {
  const copy = metadata.clone();
  copy.set('x-request-id', requestId);
  return copy;
};
const scrape = async () => (await fetch(`http://127.0.0.1:${serving.metrics!.port}/metrics`)).text();

describe('the request id and the log', () => {
  it('logs a posting at info with the principal, the RPC, the voucher id and the caller’s request id', async () => {
    const posted = await call(ledger.postVoucher.bind(ledger), receipt('obs-1'), withRequestId(tips, 'tips-batch-0001'));
    if (!posted.ok) throw new Error(`refused: ${posted.reason}`);
    expect(lines.filter((line) => line['requestId'] === 'tips-batch-0001')).toEqual([
      expect.objectContaining({ level: 30, msg: 'ok', method: 'PostVoucher', user: 'sz.tips', treasuryId: 'SZ', voucherId: posted.value.voucherId }),
    ]);
  });

  it('logs a read at debug only: nothing at info', async () => {
    expect(await call(identity.whoAmI.bind(identity), {}, withRequestId(tips, 'who-1'))).toMatchObject({ ok: true });
    expect(lines.filter((line) => line['requestId'] === 'who-1')).toEqual([]);
  });
});

describe('metrics at GET /metrics', () => {
  it('counts RPCs by method and gRPC code, with their latency', async () => {
    await call(identity.whoAmI.bind(identity), {}, tips);
    await call(identity.whoAmI.bind(identity), {}, new Metadata());
    const text = await scrape();
    expect(text).toMatch(/^jinku_rpc_calls_total\{method="WhoAmI",code="OK"\} [1-9]/m);
    expect(text).toMatch(/^jinku_rpc_calls_total\{method="WhoAmI",code="UNAUTHENTICATED"\} 1$/m);
    expect(text).toMatch(/^jinku_rpc_duration_seconds_count\{method="WhoAmI",code="OK"\} [1-9]/m);
    expect(text).toMatch(/^jinku_rpc_duration_seconds_bucket\{le="0.5",method="WhoAmI",code="OK"\} [1-9]/m);
  });

  it('shows the database as up, the posting groups and the day closes', async () => {
    await call(ledger.postVoucher.bind(ledger), receipt('obs-2'), tips);
    const closed = await call(ledger.closeBusinessDay.bind(ledger), { treasuryId: 'SZ', date: '2026-11-20' }, reviewer);
    expect(closed).toMatchObject({ ok: true });
    const text = await scrape();
    expect(text).toMatch(/^jinku_database_up 1$/m);
    expect(text).toMatch(/^jinku_posting_group_size_sum [1-9]/m);
    expect(text).toMatch(/^jinku_day_close_duration_seconds_count 1$/m);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(lines).toContainEqual(expect.objectContaining({ level: 30, method: 'CloseBusinessDay', user: 'obs.reviewer', closed: '2026-11-20' }));
  });

  it('answers a refused call with its code in the counter too', async () => {
    await call(ledger.getAccount.bind(ledger), { treasuryId: 'SZ-FT', number: '201104' }, reviewer);
    expect(await scrape()).toMatch(/^jinku_rpc_calls_total\{method="GetAccount",code="PERMISSION_DENIED"\} 1$/m);
  });
});
