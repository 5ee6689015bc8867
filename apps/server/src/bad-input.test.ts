import { Writable } from 'node:stream';
import { credentials, Metadata, status, type CallOptions, type ServiceError } from '@grpc/grpc-js';
import { reasonOf, type RunningServer } from '@jinku/grpc-kit';
import { approvalsV1, googleRpc, ledgerV1, Status } from '@jinku/proto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJinkuServer } from './compose';
import { call, startHarness, valueOf, type Harness } from './testing/harness';

/**
 * Issue "robust under bad input and faults", as a client of the public API saw it: NULs, huge texts and
 * amounts, overflowing balances. Each refusal is prompt, bounded and names its field; nothing of it is
 * posted; and no other caller's voucher is lost because of it.
 */
let harness: Harness;
let ledger: ledgerV1.LedgerServiceClient;
let approvals: approvalsV1.ApprovalsServiceClient;
const who: Record<'tips' | 'ftTips' | 'lgTips' | 'operator', Metadata> = {} as never;

const { SIDE_DEBIT: DEBIT, SIDE_CREDIT: CREDIT } = ledgerV1.Side;
const line = (accountNumber: string, side: ledgerV1.Side, amount: string): ledgerV1.VoucherLine => ({ accountNumber, side, amount, fiscalLevel: '', classificationCode: '' });
/** A receipt of `treasuryId`: the branch credits its municipal deposit account (…03), a district its own (…04). */
const receipt = (key: string, amount = '10.00', treasuryId = 'SZ'): ledgerV1.PostVoucherRequest => ({
  treasuryId,
  idempotencyKey: key,
  summary: '国内增值税入库',
  documents: [{ kind: 'tax_payment_form', reference: `TIPS-${key}` }],
  lines: [line('105100', DEBIT, amount), line(treasuryId === 'SZ' ? '201103' : '201104', CREDIT, amount)],
});
const LARGEST_AMOUNT = '999999999999999999.99';

const counts = async () =>
  (
    await harness.database.sql<{ vouchers: number; requests: number }[]>`
      select (select count(*)::int from ledger.vouchers) as vouchers, (select count(*)::int from approvals.requests) as requests`
  )[0]!;

interface Refused {
  readonly code: status;
  readonly reason: string;
  readonly message: string;
  readonly metadata: Record<string, string>;
  /** Bytes of trailers the refusal arrived with: message, reason and status details. */
  readonly trailerBytes: number;
}

/** A unary call with a deadline; the refusal with everything it carried, or the response. */
function callWithin<Req, Res>(
  method: (request: Req, metadata: Metadata, options: Partial<CallOptions>, callback: (error: ServiceError | null, response: Res) => void) => unknown,
  request: Req,
  metadata: Metadata,
  seconds = 10,
): Promise<{ ok: true; value: Res } | ({ ok: false } & Refused)> {
  return new Promise((resolve) =>
    method(request, metadata, { deadline: Date.now() + seconds * 1000 }, (error, response) => {
      if (!error) return resolve({ ok: true, value: response });
      const [raw] = error.metadata.get('grpc-status-details-bin') as Buffer[];
      const info = raw ? Status.decode(raw).details[0] : undefined;
      const trailers = Object.values(error.metadata.getMap()).reduce<number>(
        (bytes, value) => bytes + (typeof value === 'string' ? Buffer.byteLength(value) : value.toString('base64').length),
        0,
      );
      resolve({
        ok: false,
        code: error.code,
        reason: reasonOf(error),
        message: error.details,
        metadata: info ? googleRpc.ErrorInfo.decode(info.value).metadata : {},
        trailerBytes: Buffer.byteLength(encodeURI(error.details)) + trailers,
      });
    }),
  );
}
const post = (request: ledgerV1.PostVoucherRequest, metadata = who.tips) => callWithin(ledger.postVoucher.bind(ledger), request, metadata);
const batch = (requests: ledgerV1.PostVoucherRequest[]) => callWithin(ledger.batchPostVouchers.bind(ledger), { requests }, who.tips);

/** A bounded refusal: small trailers, a short message, no detail echoing more than an excerpt. */
function expectBounded(refused: Refused): void {
  expect(refused.trailerBytes).toBeLessThan(5 * 1024);
  expect(refused.message.length).toBeLessThan(300);
  for (const value of Object.values(refused.metadata)) expect(value.length).toBeLessThanOrEqual(80);
}

beforeAll(async () => {
  harness = await startHarness();
  who.tips = await harness.machineWith('bad.tips', ['receipt_posting', 'ledger_read']);
  who.ftTips = await harness.machineWith('bad.ft-tips', ['receipt_posting', 'ledger_read'], 'SZ-FT');
  who.lgTips = await harness.machineWith('bad.lg-tips', ['receipt_posting'], 'SZ-LG');
  who.operator = await harness.personWith('bad.operator', ['income_operator']);
  ledger = new ledgerV1.LedgerServiceClient(harness.address, credentials.createInsecure());
  approvals = new approvalsV1.ApprovalsServiceClient(harness.address, credentials.createInsecure());
  // The SZ clearing account holds money from here on, so a receipt of the largest amount can never fit it.
  valueOf(await call(ledger.postVoucher.bind(ledger), receipt('opening-receipt', '100.00'), who.tips));
});

afterAll(async () => {
  ledger?.close();
  approvals?.close();
  await harness?.stop();
});

describe('text the books cannot or should not hold', () => {
  it('refuses a NUL in the summary with INVALID_ARGUMENT CONTROL_CHARACTER, posting nothing', async () => {
    const before = await counts();
    const refused = await post({ ...receipt('nul-summary'), summary: '国内增值税\u0000入库' });
    expect(refused).toMatchObject({ ok: false, code: status.INVALID_ARGUMENT, reason: 'CONTROL_CHARACTER', metadata: { field: 'summary', character: 'U+0000' } });
    expect(await counts()).toEqual(before);
  });

  it.each<[string, string, string, Partial<ledgerV1.PostVoucherRequest>]>([
    ['a NUL in a document reference', 'CONTROL_CHARACTER', 'documents[0].reference', { documents: [{ kind: 'tax_payment_form', reference: 'TIPS\u00001' }] }],
    ['a newline in the idempotency key', 'CONTROL_CHARACTER', 'idempotency_key', { idempotencyKey: 'key\n1' }],
    ['text that was not UTF-8 (a lone surrogate, sent as U+FFFD)', 'INVALID_UTF8', 'summary', { summary: '入库\uD800' }],
    ['a summary of 501 characters', 'TEXT_TOO_LONG', 'summary', { summary: '税'.repeat(501) }],
    ['21 documents', 'TOO_MANY_DOCUMENTS', 'documents', { documents: Array.from({ length: 21 }, (_, i) => ({ kind: 'tax_payment_form', reference: `R-${i}` })) }],
  ])('refuses %s with %s in %s, posting nothing', async (_label, reason, field, change) => {
    const before = await counts();
    expect(await post({ ...receipt(`text-${reason}-${field}`), ...change })).toMatchObject({ ok: false, code: status.INVALID_ARGUMENT, reason, metadata: { field } });
    expect(await counts()).toEqual(before);
  });

  it('accepts a summary of exactly 500 characters', async () => {
    expect(await post({ ...receipt('summary-500'), summary: '税'.repeat(500) })).toMatchObject({ ok: true });
  });

  it('refuses a 15 MB summary (under the server’s 16 MB receive limit) instead of storing it', async () => {
    const before = await counts();
    const refused = await post({ ...receipt('huge-summary'), summary: 'x'.repeat(15 * 1024 * 1024) });
    expect(refused).toMatchObject({ ok: false, code: status.INVALID_ARGUMENT, reason: 'TEXT_TOO_LONG', metadata: { field: 'summary', maxLength: '500' } });
    expect(await counts()).toEqual(before);
  });
});

describe('huge values echo back bounded, and the connection keeps working', () => {
  it.each<[string, string, Partial<ledgerV1.PostVoucherRequest>]>([
    ['a 60,000-character treasury id', 'TEXT_TOO_LONG', { treasuryId: 'S'.repeat(60_000) }],
    ['a 100,000-digit amount', 'AMOUNT_TOO_LARGE', { lines: [line('105100', DEBIT, '1'.repeat(100_000)), line('201103', CREDIT, '1.00')] }],
    ['a 100,000-character malformed amount', 'MALFORMED_AMOUNT', { lines: [line('105100', DEBIT, '金'.repeat(100_000)), line('201103', CREDIT, '1.00')] }],
  ])('%s: a prompt INVALID_ARGUMENT %s, then the next call on the same client works', async (_label, reason, change) => {
    const before = await counts();
    const started = Date.now();
    const refused = await post({ ...receipt(`huge-${reason}`), ...change });
    expect(refused).toMatchObject({ ok: false, code: status.INVALID_ARGUMENT, reason });
    expect(Date.now() - started).toBeLessThan(5000);
    expectBounded(refused as Refused);
    expect(await counts()).toEqual(before);
    expect(await post(receipt(`after-${reason}`, '1.00'))).toMatchObject({ ok: true });
  });

  it('bounds reads the same way: a 60,000-character treasury id or account number', async () => {
    for (const request of [
      { treasuryId: 'S'.repeat(60_000), number: '201103' },
      { treasuryId: 'SZ', number: '2'.repeat(60_000) },
    ]) {
      const refused = await callWithin(ledger.getAccount.bind(ledger), request, who.tips);
      expect(refused).toMatchObject({ ok: false, code: status.INVALID_ARGUMENT, reason: 'TEXT_TOO_LONG' });
      expectBounded(refused as Refused);
    }
    expect(await callWithin(ledger.getAccount.bind(ledger), { treasuryId: 'SZ', number: '201103' }, who.tips)).toMatchObject({ ok: true });
  });

  it('refuses a date that passes the format but is none (month 13) as MALFORMED_DATE, not INTERNAL', async () => {
    const refused = await callWithin(ledger.listVouchers.bind(ledger), { treasuryId: 'SZ', businessDate: '2026-13-45', pageSize: 0, pageToken: '' }, who.tips);
    expect(refused).toMatchObject({ ok: false, code: status.INVALID_ARGUMENT, reason: 'MALFORMED_DATE' });
  });

  it('logs no more than an excerpt of what it refused', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
    const logged: RunningServer = await startJinkuServer(harness.database, pino({ level: 'debug' }, sink), { address: '127.0.0.1:0' });
    const client = new ledgerV1.LedgerServiceClient(`127.0.0.1:${logged.port}`, credentials.createInsecure());
    try {
      const huge = { ...receipt('logged-huge', '1'.repeat(100_000)), treasuryId: 'S'.repeat(60_000) };
      await callWithin(client.postVoucher.bind(client), { ...receipt('logged-amount'), lines: huge.lines }, who.tips);
      await callWithin(client.postVoucher.bind(client), huge, who.tips);
    } finally {
      client.close();
      await logged.shutdown();
    }
    expect(lines.some((l) => l.includes('AMOUNT_TOO_LARGE'))).toBe(true);
    for (const entry of lines) expect(entry.length).toBeLessThan(2048);
  });
});

describe('amounts and balances the books cannot hold', () => {
  it('refuses the second of two largest receipts on one account: FAILED_PRECONDITION BALANCE_OVERFLOW, the first stays', async () => {
    // SZ-LG is this test's alone: after the first receipt its clearing account is full for good.
    const first = await post(receipt('largest-1', LARGEST_AMOUNT, 'SZ-LG'), who.lgTips);
    expect(first).toMatchObject({ ok: true });
    const before = await counts();
    const second = await post(receipt('largest-2', LARGEST_AMOUNT, 'SZ-LG'), who.lgTips);
    expect(second).toMatchObject({ ok: false, code: status.FAILED_PRECONDITION, reason: 'BALANCE_OVERFLOW', metadata: { account: '105100' } });
    expect(await counts()).toEqual(before);
  });

  it('refuses an amount of 10^18 or more at parse: INVALID_ARGUMENT AMOUNT_TOO_LARGE', async () => {
    const before = await counts();
    expect(await post(receipt('too-large', '1000000000000000000.00'))).toMatchObject({ ok: false, code: status.INVALID_ARGUMENT, reason: 'AMOUNT_TOO_LARGE' });
    expect(await counts()).toEqual(before);
  });
});

describe('one caller’s bad voucher costs no one else’s', () => {
  it('40 concurrent valid receipts from two treasuries all post, among NUL summaries and overflowing amounts', async () => {
    const before = await counts();
    const valid = Array.from({ length: 40 }, (_, i) => (i % 2 ? post(receipt(`crowd-sz-${i}`)) : post(receipt(`crowd-ft-${i}`, '10.00', 'SZ-FT'), who.ftTips)));
    const poisoned = [
      ...Array.from({ length: 4 }, (_, i) => post({ ...receipt(`crowd-nul-${i}`), summary: `入库\u0000${i}` })),
      post(receipt('crowd-overflow-1', LARGEST_AMOUNT)),
      post(receipt('crowd-overflow-2', LARGEST_AMOUNT)),
    ];
    const [posted, refused] = await Promise.all([Promise.all(valid), Promise.all(poisoned)]);
    expect(posted.filter((r) => r.ok)).toHaveLength(40);
    expect(refused.map((r) => !r.ok && r.reason)).toEqual(['CONTROL_CHARACTER', 'CONTROL_CHARACTER', 'CONTROL_CHARACTER', 'CONTROL_CHARACTER', 'BALANCE_OVERFLOW', 'BALANCE_OVERFLOW']);
    expect((await counts()).vouchers - before.vouchers).toBe(40);
  });

  it('a batch answers every bad request with its own refusal, naming its index; the good ones post', async () => {
    const before = await counts();
    const refusalsBefore = (await harness.database.sql<{ n: number }[]>`select count(*)::int as n from approvals.refusals`)[0]!.n;
    const requests = [
      receipt('mixed-0'),
      { ...receipt('mixed-1'), summary: 'NUL\u0000' },
      { ...receipt('mixed-2'), lines: [line('105100', DEBIT, 'abc\u0000'), line('201103', CREDIT, 'abc')] },
      { ...receipt('mixed-3'), lines: [line('105100', DEBIT, '9'.repeat(100_000)), line('201103', CREDIT, '1.00')] },
      { ...receipt('mixed-4'), treasuryId: 'S'.repeat(60_000) },
      receipt('mixed-5', LARGEST_AMOUNT),
      { ...receipt('mixed-6'), lines: [line('1'.repeat(33), DEBIT, '1.00'), line('201103', CREDIT, '1.00')] },
      receipt('mixed-7'),
    ];
    const answered = await batch(requests);
    if (!answered.ok) throw new Error(`refused: ${answered.reason}`);
    const results = answered.value.results.map((r) => r.outcome!);
    expect(results.map((o) => (o.$case === 'error' ? o.value.reason : o.$case))).toEqual([
      'voucher',
      'CONTROL_CHARACTER',
      'MALFORMED_AMOUNT',
      'AMOUNT_TOO_LARGE',
      'TEXT_TOO_LONG',
      'BALANCE_OVERFLOW',
      'TEXT_TOO_LONG',
      'voucher',
    ]);
    results.forEach((outcome, index) => {
      if (outcome.$case !== 'error') return;
      expect(outcome.value.metadata['index']).toBe(String(index));
      expect(outcome.value.message.startsWith(`requests[${index}]: `)).toBe(true);
      expect(outcome.value.message.length).toBeLessThan(300);
    });
    expect((await counts()).vouchers - before.vouchers).toBe(2);
    // Every refusal went into the audit trail, the NUL-carrying ones too.
    const refusalsAfter = (await harness.database.sql<{ n: number }[]>`select count(*)::int as n from approvals.refusals`)[0]!.n;
    expect(refusalsAfter - refusalsBefore).toBe(6);
  });
});

describe('answers a client can always receive', () => {
  it('a page of the largest vouchers the limits allow still fits a client’s default 4 MB; the next page token goes on', async () => {
    // Every text at its limit, in three-byte characters, and 500 lines: about 23 KB a voucher on the wire,
    // so the 280 of them make a 6 MB page of 1,000 unless the page ends early.
    const largest = (i: number): ledgerV1.PostVoucherRequest => ({
      treasuryId: 'SZ-FT',
      idempotencyKey: `largest-${i}-`.padEnd(128, 'k'),
      summary: '税'.repeat(500),
      documents: Array.from({ length: 20 }, (_, d) => ({ kind: '类'.repeat(64), reference: `${d}`.padEnd(128, '号') })),
      lines: Array.from({ length: 500 }, (_, n) => (n % 2 ? line('201104', CREDIT, '0.01') : line('105100', DEBIT, '0.01'))),
    });
    for (const first of [0, 70, 140, 210]) {
      const posted = await callWithin(ledger.batchPostVouchers.bind(ledger), { requests: Array.from({ length: 70 }, (_, i) => largest(first + i)) }, who.ftTips, 60);
      if (!posted.ok) throw new Error(`refused: ${posted.reason}`);
      expect(posted.value.results.every((r) => r.outcome?.$case === 'voucher')).toBe(true);
    }
    const total = (await harness.database.sql<{ n: number }[]>`select count(*)::int as n from ledger.vouchers where treasury_id = 'SZ-FT'`)[0]!.n;
    let listed = 0;
    let pageToken = '';
    do {
      const page = await callWithin(ledger.listVouchers.bind(ledger), { treasuryId: 'SZ-FT', businessDate: harness.firstDay, pageSize: 1000, pageToken }, who.ftTips, 60);
      if (!page.ok) throw new Error(`refused: ${page.code} ${page.reason}`);
      expect(ledgerV1.ListVouchersResponse.encode(page.value).finish().length).toBeLessThan(4 * 1024 * 1024);
      listed += page.value.vouchers.length;
      pageToken = page.value.nextPageToken;
    } while (pageToken);
    expect(listed).toBe(total);
  });
});

describe('authorization before lookup', () => {
  it('GetVoucher of another treasury is PERMISSION_DENIED whether the voucher exists or not', async () => {
    const theirs = await post(receipt('ft-own', '3.00', 'SZ-FT'), who.ftTips);
    if (!theirs.ok) throw new Error(`refused: ${theirs.reason}`);
    for (const voucherId of [theirs.value.voucherId, '987654321']) {
      expect(await callWithin(ledger.getVoucher.bind(ledger), { treasuryId: 'SZ-FT', voucherId }, who.tips)).toMatchObject({
        ok: false,
        code: status.PERMISSION_DENIED,
        reason: 'OTHER_TREASURY',
      });
    }
    expect(await callWithin(ledger.getVoucher.bind(ledger), { treasuryId: 'SZ-FT', voucherId: theirs.value.voucherId }, who.ftTips)).toMatchObject({ ok: true });
  });
});

describe('requests for approval', () => {
  const manual = (summary: string): approvalsV1.Operation => ({
    operation: {
      $case: 'manualVoucher',
      value: {
        summary,
        documentKind: 'correction_notice',
        documentReference: 'CN-bad-input',
        lines: [line('105100', DEBIT, '5.00'), line('201103', CREDIT, '5.00')],
        payeeAccount: '',
        payeeName: '',
        bankCode: '',
      },
    },
  });
  const submit = (request: Partial<approvalsV1.SubmitRequestRequest>) =>
    callWithin(
      approvals.submitRequest.bind(approvals),
      { treasuryId: 'SZ', idempotencyKey: 'bad-input-request', documents: [], operation: manual('手工补录'), ...request },
      who.operator,
    );

  it.each<[string, string, string, Partial<approvalsV1.SubmitRequestRequest>]>([
    ['a NUL in the operation’s summary', 'CONTROL_CHARACTER', 'operation.manual_voucher.summary', { operation: manual('手工\u0000补录') }],
    ['a 60,000-character treasury id', 'TEXT_TOO_LONG', 'treasury_id', { treasuryId: 'S'.repeat(60_000) }],
    ['a newline in a document reference', 'CONTROL_CHARACTER', 'documents[0].reference', { documents: [{ kind: 'correction_notice', reference: 'CN\n1' }] }],
    ['21 documents', 'TOO_MANY_DOCUMENTS', 'documents', { documents: Array.from({ length: 21 }, (_, i) => ({ kind: 'correction_notice', reference: `CN-${i}` })) }],
  ])('refuses %s with %s in %s, entering nothing', async (_label, reason, field, change) => {
    const before = await counts();
    const refused = await submit(change);
    expect(refused).toMatchObject({ ok: false, code: status.INVALID_ARGUMENT, reason, metadata: { field } });
    expectBounded(refused as Refused);
    expect(await counts()).toEqual(before);
  });

  it('refuses a comment with a control character when acting on a request', async () => {
    const entered = await submit({});
    if (!entered.ok) throw new Error(`refused: ${entered.reason}`);
    const reviewer = await harness.personWith('bad.reviewer', ['reviewer']);
    const refused = await callWithin(
      approvals.actOnRequest.bind(approvals),
      { requestId: entered.value.requestId, decision: approvalsV1.Decision.DECISION_REJECT, comment: 'no\u0000', keyElements: undefined },
      reviewer,
    );
    expect(refused).toMatchObject({ ok: false, code: status.INVALID_ARGUMENT, reason: 'CONTROL_CHARACTER', metadata: { field: 'comment' } });
    const still = await callWithin(approvals.getRequest.bind(approvals), { requestId: entered.value.requestId }, reviewer);
    expect(still).toMatchObject({ ok: true, value: { status: 'pending', steps: [] } });
  });
});
