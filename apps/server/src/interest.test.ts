import { credentials, status, type Metadata } from '@grpc/grpc-js';
import { interestV1 } from '@jinku/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startHarness, type Harness } from './testing/harness';

let harness: Harness;
let client: interestV1.InterestServiceClient;
let operator: Metadata;
let supervisor: Metadata;

beforeAll(async () => {
  harness = await startHarness();
  operator = await harness.personWith('sz.operator', ['income_operator']);
  supervisor = await harness.personWith('sz.supervisor', ['accounting_supervisor']);
  client = new interestV1.InterestServiceClient(harness.address, credentials.createInsecure());
});

afterAll(async () => {
  client?.close();
  await harness?.stop();
});

const interestVouchers = async () =>
  (await harness.database.sql<{ n: number }[]>`select count(*)::int as n from ledger.vouchers where maker_id = 'system:interest'`)[0]!.n;

describe('InterestService', () => {
  it('refuses a preview while the settlement day is open, and a malformed day', async () => {
    expect(await call(client.previewInterest.bind(client), { treasuryId: 'SZ', settlementDay: '2026-12-20' }, operator)).toMatchObject({
      ok: false,
      code: status.FAILED_PRECONDITION,
      reason: 'SETTLEMENT_DAY_NOT_CLOSED',
    });
    expect(await call(client.previewInterest.bind(client), { treasuryId: 'SZ', settlementDay: '2026-12-21' }, operator)).toMatchObject({
      ok: false,
      code: status.INVALID_ARGUMENT,
      reason: 'NOT_A_SETTLEMENT_DAY',
    });
  });

  it('lets only the accounting supervisor run interest by hand, posting nothing otherwise', async () => {
    expect(await call(client.runInterest.bind(client), { treasuryId: 'SZ', settlementDay: '2026-12-20' }, operator)).toMatchObject({
      ok: false,
      code: status.PERMISSION_DENIED,
      reason: 'POST_MAY_NOT_RUN_INTEREST',
    });
    expect(await call(client.runInterest.bind(client), { treasuryId: 'SZ', settlementDay: '2026-12-20' }, supervisor)).toMatchObject({
      ok: false,
      code: status.FAILED_PRECONDITION,
      reason: 'SETTLEMENT_DAY_NOT_CLOSED',
    });
    expect(await interestVouchers()).toBe(0);
  });
});
