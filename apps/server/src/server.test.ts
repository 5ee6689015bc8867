import { credentials, makeGenericClientConstructor, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import { reasonOf, type RunningServer } from '@jinku/grpc-kit';
import { createIdentity, identityMigrations } from '@jinku/identity';
import { createLedger, ledgerMigrations, seedLedgerDemo } from '@jinku/ledger';
import { identityV1, ledgerV1 } from '@jinku/proto';
import { service as healthService } from 'grpc-health-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJinkuServer } from './compose';

let database: TestDatabase;
let server: RunningServer;
let ledgerClient: ledgerV1.LedgerServiceClient;
let identityClient: identityV1.IdentityServiceClient;
let operatorToken: string;
let firstDay: string;

const bearer = (token: string) => {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
};

/** Calls a unary method and returns either the response or the refusal's code and reason. */
function call<Req, Res>(
  method: (request: Req, metadata: Metadata, callback: (error: ServiceError | null, response: Res) => void) => unknown,
  request: Req,
  metadata: Metadata,
): Promise<{ ok: true; value: Res } | { ok: false; code: status; reason: string }> {
  return new Promise((resolve) =>
    method(request, metadata, (error, response) =>
      resolve(error ? { ok: false, code: error.code, reason: reasonOf(error) } : { ok: true, value: response }),
    ),
  );
}

const countVouchers = async () => (await database.sql<{ n: number }[]>`select count(*)::int as n from ledger.vouchers`)[0]!.n;

const postRequest = (key: string, amount: string): ledgerV1.PostVoucherRequest => ({
  treasuryId: 'SZ',
  idempotencyKey: key,
  summary: '国内增值税入库',
  documents: [{ kind: 'tax_payment_form', reference: `TIPS-${key}` }],
  lines: [
    { accountNumber: '105100', side: ledgerV1.Side.SIDE_DEBIT, amount, fiscalLevel: '', classificationCode: '1010101' },
    { accountNumber: '201103', side: ledgerV1.Side.SIDE_CREDIT, amount, fiscalLevel: '', classificationCode: '1010101' },
  ],
});

beforeAll(async () => {
  database = await createTestDatabase([ledgerMigrations, identityMigrations]);
  const ledger = createLedger(database);
  firstDay = await seedLedgerDemo(ledger.setup, ledger.days, '2026-11-20');
  const identity = createIdentity(database);
  await identity.createUser({ treasuryId: 'SZ', login: 'sz.operator', name: '收入岗', posts: ['income_operator'] });
  operatorToken = (await identity.issueToken('sz.operator')).token;
  server = await startJinkuServer(database, pino({ level: 'silent' }), '127.0.0.1:0');
  const address = `127.0.0.1:${server.port}`;
  ledgerClient = new ledgerV1.LedgerServiceClient(address, credentials.createInsecure());
  identityClient = new identityV1.IdentityServiceClient(address, credentials.createInsecure());
});

afterAll(async () => {
  ledgerClient?.close();
  identityClient?.close();
  await server?.shutdown();
  await database?.drop();
});

describe('gRPC server', () => {
  it('refuses calls without valid credentials with UNAUTHENTICATED, posting nothing', async () => {
    const before = await countVouchers();
    const missing = await call(ledgerClient.postVoucher.bind(ledgerClient), postRequest('anon', '1.00'), new Metadata());
    expect(missing).toMatchObject({ ok: false, code: status.UNAUTHENTICATED, reason: 'MISSING_CREDENTIALS' });
    const forged = await call(ledgerClient.postVoucher.bind(ledgerClient), postRequest('anon', '1.00'), bearer('jk_forged'));
    expect(forged).toMatchObject({ ok: false, code: status.UNAUTHENTICATED, reason: 'INVALID_CREDENTIALS' });
    expect(await countVouchers()).toBe(before);
  });

  it('tells the caller who they are from the token, not from a request field', async () => {
    const me = await call(identityClient.whoAmI.bind(identityClient), {}, bearer(operatorToken));
    expect(me).toMatchObject({ ok: true, value: { login: 'sz.operator', treasuryId: 'SZ', posts: ['income_operator'] } });
  });

  it('posts a voucher end to end; the maker is the authenticated caller', async () => {
    const posted = await call<ledgerV1.PostVoucherRequest, ledgerV1.Voucher>(ledgerClient.postVoucher.bind(ledgerClient), postRequest('grpc-1', '1234.56'), bearer(operatorToken));
    if (!posted.ok) throw new Error(`refused: ${posted.reason}`);
    expect(posted.value).toMatchObject({ businessDate: firstDay, kind: ledgerV1.VoucherKind.VOUCHER_KIND_ORDINARY, name: expect.stringMatching(/^treasuries\/SZ\/vouchers\/\d+$/) });
    expect(posted.value.lines.map((l) => l.amount)).toEqual(['1234.56', '1234.56']);
    const account = await call(ledgerClient.getAccount.bind(ledgerClient), { treasuryId: 'SZ', number: '201103' }, bearer(operatorToken));
    expect(account).toMatchObject({ ok: true, value: { balance: '1234.56', name: 'treasuries/SZ/accounts/201103' } });
  });

  it.each(['1.005', 'abc', '-0', '1e3', '', '0x10', '1,000'])('refuses the malformed amount "%s" with INVALID_ARGUMENT and posts nothing', async (amount) => {
    const before = await countVouchers();
    const result = await call(ledgerClient.postVoucher.bind(ledgerClient), postRequest(`bad-${amount}`, amount), bearer(operatorToken));
    expect(result).toMatchObject({ ok: false, code: status.INVALID_ARGUMENT, reason: 'MALFORMED_AMOUNT' });
    expect(await countVouchers()).toBe(before);
  });

  it('refuses unknown accounts and unknown vouchers with their codes', async () => {
    const request = postRequest('unknown-account', '1.00');
    request.lines[0]!.accountNumber = '999999';
    expect(await call(ledgerClient.postVoucher.bind(ledgerClient), request, bearer(operatorToken))).toMatchObject({
      ok: false,
      code: status.INVALID_ARGUMENT,
      reason: 'UNKNOWN_ACCOUNT',
    });
    expect(await call(ledgerClient.getVoucher.bind(ledgerClient), { treasuryId: 'SZ', voucherId: '987654' }, bearer(operatorToken))).toMatchObject({
      ok: false,
      code: status.NOT_FOUND,
      reason: 'VOUCHER_NOT_FOUND',
    });
  });

  it('refuses reads of another treasury with PERMISSION_DENIED', async () => {
    expect(await call(ledgerClient.getAccount.bind(ledgerClient), { treasuryId: 'SZ-FT', number: '201104' }, bearer(operatorToken))).toMatchObject({
      ok: false,
      code: status.PERMISSION_DENIED,
      reason: 'OTHER_TREASURY',
    });
  });

  it('posts a batch atomically per voucher, each result in request order', async () => {
    const overdraft: ledgerV1.PostVoucherRequest = {
      ...postRequest('batch-2', '99999999.00'),
      lines: postRequest('batch-2', '99999999.00').lines.map((l) => ({
        ...l,
        side: l.side === ledgerV1.Side.SIDE_DEBIT ? ledgerV1.Side.SIDE_CREDIT : ledgerV1.Side.SIDE_DEBIT,
      })),
    };
    const result = await call<ledgerV1.BatchPostVouchersRequest, ledgerV1.BatchPostVouchersResponse>(
      ledgerClient.batchPostVouchers.bind(ledgerClient),
      { requests: [postRequest('batch-1', '1.00'), overdraft, postRequest('batch-3', '2.00')] },
      bearer(operatorToken),
    );
    if (!result.ok) throw new Error(`refused: ${result.reason}`);
    expect(result.value.results.map((r) => (r.outcome?.$case === 'error' ? r.outcome.value.reason : r.outcome?.$case))).toEqual([
      'voucher',
      'INSUFFICIENT_BALANCE',
      'voucher',
    ]);
  });

  it('reports SERVING through the standard health service', async () => {
    const HealthClient = makeGenericClientConstructor(healthService, 'Health');
    const health = new HealthClient(`127.0.0.1:${server.port}`, credentials.createInsecure()) as unknown as {
      check(request: { service: string }, callback: (error: ServiceError | null, response: { status: string }) => void): void;
      close(): void;
    };
    const reply = await new Promise<{ status: string }>((resolve, reject) =>
      health.check({ service: 'jinku.ledger.v1.LedgerService' }, (error, response) => (error ? reject(error) : resolve(response))),
    );
    health.close();
    expect(reply.status).toBe('SERVING');
  });
});
