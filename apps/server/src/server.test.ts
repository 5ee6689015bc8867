import { credentials, makeGenericClientConstructor, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { identityV1, ledgerV1 } from '@jinku/proto';
import { service as healthService } from 'grpc-health-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, call, startHarness, type Harness } from './testing/harness';

let harness: Harness;
let ledgerClient: ledgerV1.LedgerServiceClient;
let identityClient: identityV1.IdentityServiceClient;
let operator: Metadata;
let tips: Metadata;

const countVouchers = async () => (await harness.database.sql<{ n: number }[]>`select count(*)::int as n from ledger.vouchers`)[0]!.n;

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
  harness = await startHarness();
  operator = await harness.personWith('sz.operator', ['income_operator']);
  tips = await harness.machineWith('sz.tips');
  ledgerClient = new ledgerV1.LedgerServiceClient(harness.address, credentials.createInsecure());
  identityClient = new identityV1.IdentityServiceClient(harness.address, credentials.createInsecure());
});

afterAll(async () => {
  ledgerClient?.close();
  identityClient?.close();
  await harness?.stop();
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
    const me = await call(identityClient.whoAmI.bind(identityClient), {}, operator);
    expect(me).toMatchObject({ ok: true, value: { login: 'sz.operator', treasuryId: 'SZ', posts: ['income_operator'] } });
  });

  it('posts a voucher end to end; the maker is the authenticated caller', async () => {
    const posted = await call(ledgerClient.postVoucher.bind(ledgerClient), postRequest('grpc-1', '1234.56'), tips);
    if (!posted.ok) throw new Error(`refused: ${posted.reason}`);
    expect(posted.value).toMatchObject({ businessDate: harness.firstDay, kind: ledgerV1.VoucherKind.VOUCHER_KIND_ORDINARY, name: expect.stringMatching(/^treasuries\/SZ\/vouchers\/\d+$/) });
    expect(posted.value.lines.map((l) => l.amount)).toEqual(['1234.56', '1234.56']);
    expect(posted.value.makerId).toMatch(/^principal:\d+$/);
    const account = await call(ledgerClient.getAccount.bind(ledgerClient), { treasuryId: 'SZ', number: '201103' }, operator);
    expect(account).toMatchObject({ ok: true, value: { balance: '1234.56', name: 'treasuries/SZ/accounts/201103' } });
  });

  it.each(['1.005', 'abc', '-0', '1e3', '', '0x10', '1,000'])('refuses the malformed amount "%s" with INVALID_ARGUMENT and posts nothing', async (amount) => {
    const before = await countVouchers();
    const result = await call(ledgerClient.postVoucher.bind(ledgerClient), postRequest(`bad-${amount}`, amount), tips);
    expect(result).toMatchObject({ ok: false, code: status.INVALID_ARGUMENT, reason: 'MALFORMED_AMOUNT' });
    expect(await countVouchers()).toBe(before);
  });

  it('refuses unknown accounts and unknown vouchers with their codes', async () => {
    const request = postRequest('unknown-account', '1.00');
    request.lines[0]!.accountNumber = '999999';
    expect(await call(ledgerClient.postVoucher.bind(ledgerClient), request, tips)).toMatchObject({
      ok: false,
      code: status.INVALID_ARGUMENT,
      reason: 'UNKNOWN_ACCOUNT',
    });
    expect(await call(ledgerClient.getVoucher.bind(ledgerClient), { treasuryId: 'SZ', voucherId: '987654' }, operator)).toMatchObject({
      ok: false,
      code: status.NOT_FOUND,
      reason: 'VOUCHER_NOT_FOUND',
    });
  });

  it('refuses reads of another treasury with PERMISSION_DENIED', async () => {
    expect(await call(ledgerClient.getAccount.bind(ledgerClient), { treasuryId: 'SZ-FT', number: '201104' }, operator)).toMatchObject({
      ok: false,
      code: status.PERMISSION_DENIED,
      reason: 'OTHER_TREASURY',
    });
  });

  it('posts a batch atomically per voucher, each result in request order', async () => {
    const unknown: ledgerV1.PostVoucherRequest = {
      ...postRequest('batch-2', '5.00'),
      lines: postRequest('batch-2', '5.00').lines.map((l) => ({ ...l, accountNumber: l.side === ledgerV1.Side.SIDE_DEBIT ? '105100' : '209999' })),
    };
    const result = await call(
      ledgerClient.batchPostVouchers.bind(ledgerClient),
      { requests: [postRequest('batch-1', '1.00'), unknown, postRequest('batch-3', '2.00')] },
      tips,
    );
    if (!result.ok) throw new Error(`refused: ${result.reason}`);
    expect(result.value.results.map((r) => (r.outcome?.$case === 'error' ? r.outcome.value.reason : r.outcome?.$case))).toEqual([
      'voucher',
      'UNKNOWN_ACCOUNT',
      'voucher',
    ]);
  });

  it('reports SERVING through the standard health service', async () => {
    const HealthClient = makeGenericClientConstructor(healthService, 'Health');
    const health = new HealthClient(harness.address, credentials.createInsecure()) as unknown as {
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
