import { credentials, Metadata, status, type Client } from '@grpc/grpc-js';
import { approvalsV1, identityV1, interestV1, ledgerV1 } from '@jinku/proto';
import { parseAmount, systemActor } from '@jinku/kernel';
import { createLedger } from '@jinku/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startHarness, valueOf, type Harness } from './testing/harness';

/**
 * Issue "money moves only through business operations": every one-person path is refused with its reason
 * and nothing written; the legitimate route (request → review → audit → approval) works end to end.
 */
let harness: Harness;
let ledger: ledgerV1.LedgerServiceClient;
let approvals: approvalsV1.ApprovalsServiceClient;
let staff: identityV1.StaffServiceClient;
let interest: interestV1.InterestServiceClient;
const who: Record<string, Metadata> = {};

const line = (accountNumber: string, side: ledgerV1.Side, amount: string): ledgerV1.VoucherLine => ({ accountNumber, side, amount, fiscalLevel: '', classificationCode: '' });
const { SIDE_DEBIT: DEBIT, SIDE_CREDIT: CREDIT } = ledgerV1.Side;
const voucher = (key: string, lines: ledgerV1.VoucherLine[], treasuryId = 'SZ'): ledgerV1.PostVoucherRequest => ({
  treasuryId,
  idempotencyKey: key,
  summary: '入库',
  documents: [{ kind: 'tax_payment_form', reference: key }],
  lines,
});
const receipt = (key: string, amount = '100.00') => voucher(key, [line('105100', DEBIT, amount), line('201103', CREDIT, amount)]);

const counts = async () =>
  (
    await harness.database.sql<{ vouchers: number; requests: number }[]>`
      select (select count(*)::int from ledger.vouchers) as vouchers, (select count(*)::int from approvals.requests) as requests`
  )[0]!;
const post = (metadata: Metadata, request: ledgerV1.PostVoucherRequest) => call(ledger.postVoucher.bind(ledger), request, metadata);
const submit = (metadata: Metadata, key: string, operation: approvalsV1.Operation['operation'], treasuryId = 'SZ') =>
  call(approvals.submitRequest.bind(approvals), { treasuryId, idempotencyKey: key, documents: [], operation: { operation } }, metadata);
const act = (metadata: Metadata, requestId: string, keyElements?: approvalsV1.KeyElements) =>
  call(approvals.actOnRequest.bind(approvals), { requestId, decision: approvalsV1.Decision.DECISION_APPROVE, comment: 'ok', keyElements }, metadata);
const manual = (reference: string, lines: ledgerV1.VoucherLine[], payee = { payeeAccount: '', payeeName: '', bankCode: '' }) => ({
  $case: 'manualVoucher' as const,
  value: { summary: '手工凭证', documentKind: 'correction_notice', documentReference: reference, lines, ...payee },
});
const correction = (voucherId: string, origin: approvalsV1.ErrorOrigin, extra: Partial<approvalsV1.ErrorCorrection> = {}) => ({
  $case: 'errorCorrection' as const,
  value: {
    voucherId,
    origin,
    summary: '冲正',
    documentKind: 'correction_notice',
    documentReference: `CN-${voucherId}`,
    correctionLines: [],
    operationRequestId: '',
    ...extra,
  },
});
/** A manual voucher by `maker`, reviewed and approved; returns its request and voucher ids. */
async function approvedManualVoucher(maker: Metadata, reference: string, amount: string) {
  const entered = valueOf(await submit(maker, `mv-${reference}`, manual(reference, [line('105100', DEBIT, amount), line('201103', CREDIT, amount)])));
  valueOf(await act(who.reviewer!, entered.requestId));
  const done = valueOf(await act(who.supervisor!, entered.requestId));
  return { requestId: done.requestId, voucherId: done.result['voucherId']! };
}

beforeAll(async () => {
  harness = await startHarness();
  for (const [login, posts] of [
    ['income', ['income_operator']],
    ['refunds', ['fiscal_refund_operator']],
    ['link', ['horizontal_link_operator']],
    ['reviewer', ['reviewer']],
    ['auditor', ['key_element_auditor']],
    ['supervisor', ['accounting_supervisor']],
    ['head', ['department_head']],
    ['admin', ['system_admin']],
  ] as const) {
    who[login] = await harness.personWith(`ctl.${login}`, [...posts]);
  }
  who.ftAdmin = await harness.personWith('ctl.ft-admin', ['system_admin'], 'SZ-FT');
  who.tips = await harness.machineWith('ctl.tips');
  who.otherTips = await harness.machineWith('ctl.tips2');
  const channel = [harness.address, credentials.createInsecure()] as const;
  ledger = new ledgerV1.LedgerServiceClient(...channel);
  approvals = new approvalsV1.ApprovalsServiceClient(...channel);
  staff = new identityV1.StaffServiceClient(...channel);
  interest = new interestV1.InterestServiceClient(...channel);
  valueOf(await post(who.tips, receipt('fund', '10000.00')));
});

afterAll(async () => {
  for (const client of [ledger, approvals, staff, interest] as Client[]) client?.close();
  await harness?.stop();
});

describe('no raw posting by people', () => {
  it.each(['income', 'refunds', 'link', 'supervisor'])('refuses PostVoucher and BatchPostVouchers from the %s post, writing nothing', async (person) => {
    const before = await counts();
    expect(await post(who[person]!, receipt(`p-${person}`))).toMatchObject({ ok: false, code: status.PERMISSION_DENIED, reason: 'POST_MAY_NOT_POST' });
    const batch = valueOf(await call(ledger.batchPostVouchers.bind(ledger), { requests: [receipt(`pb-${person}`)] }, who[person]!));
    expect(batch.results[0]?.outcome).toMatchObject({ $case: 'error', value: { reason: 'POST_MAY_NOT_POST', code: status.PERMISSION_DENIED } });
    expect(await counts()).toEqual(before);
  });

  it('refuses a machine principal anything but a receipt: deposit out to clearing, suspense', async () => {
    const before = await counts();
    const outgoing = voucher('out-1', [line('201103', DEBIT, '50.00'), line('105100', CREDIT, '50.00')]);
    expect(await post(who.tips!, outgoing)).toMatchObject({ ok: false, code: status.PERMISSION_DENIED, reason: 'NOT_A_RECEIPT' });
    const suspense = voucher('susp-1', [line('105100', DEBIT, '50.00'), line('203100', CREDIT, '50.00')]);
    expect(await post(who.tips!, suspense)).toMatchObject({ ok: false, code: status.PERMISSION_DENIED, reason: 'NOT_A_RECEIPT' });
    expect(await counts()).toEqual(before);
  });

  it('records refused money-moving calls in the day’s audit trail, with the principal and the reason', async () => {
    await post(who.income!, receipt('audited-refusal'));
    const day = valueOf(await call(ledger.getCurrentBusinessDay.bind(ledger), { treasuryId: 'SZ' }, who.supervisor!)).date;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const trail = valueOf(await call(approvals.queryAuditTrail.bind(approvals), { treasuryId: 'SZ', date: today }, who.supervisor!));
    expect(trail.refusals).toContainEqual(expect.objectContaining({ principalLogin: 'ctl.income', method: 'PostVoucher', reason: 'POST_MAY_NOT_POST' }));
    expect(trail.executed.map((r) => r.kind)).toContain('machine_principal_registration');
    expect(day).toBe(harness.firstDay);
    expect(await call(approvals.queryAuditTrail.bind(approvals), { treasuryId: 'SZ', date: today }, who.income!)).toMatchObject({
      ok: false,
      reason: 'POST_MAY_NOT_READ_AUDIT_TRAIL',
    });
  });
});

describe('idempotency key spaces', () => {
  it('refuses a client key in the system’s space, so an approval can never be blocked by it', async () => {
    const before = await counts();
    expect(await post(who.tips!, receipt('sys:approval-request:999'))).toMatchObject({ ok: false, code: status.INVALID_ARGUMENT, reason: 'RESERVED_IDEMPOTENCY_KEY' });
    expect(await counts()).toEqual(before);
  });

  it('replays a key only to the principal that used it first', async () => {
    const first = valueOf(await post(who.tips!, receipt('shared-key', '7.00')));
    expect(valueOf(await post(who.tips!, receipt('shared-key', '7.00'))).voucherId).toBe(first.voucherId);
    expect(await post(who.otherTips!, receipt('shared-key', '7.00'))).toMatchObject({ ok: false, code: status.ALREADY_EXISTS, reason: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('answers 8 concurrent calls with one key: the winning body replays, the other body is refused', async () => {
    const calls = await Promise.all(Array.from({ length: 8 }, (_, i) => post(who.tips!, receipt('raced', i % 2 === 0 ? '1.00' : '2.00'))));
    const posted = calls.filter((c) => c.ok).map((c) => (c.ok ? c.value : null)!);
    expect(new Set(posted.map((v) => v.voucherId)).size).toBe(1);
    const winner = posted[0]!.lines[0]!.amount;
    calls.forEach((c, i) => expect(c.ok).toBe((i % 2 === 0 ? '1.00' : '2.00') === winner));
    const [row] = await harness.database.sql<{ n: number }[]>`select count(*)::int as n from ledger.vouchers where idempotency_key = 'raced'`;
    expect(row!.n).toBe(1);
  });
});

describe('corrections are requests (R30, R40)', () => {
  it('ReverseVoucher no longer exists: nothing can be reversed by one call', async () => {
    const before = await counts();
    const raw = await new Promise<number>((resolve) =>
      (ledger as unknown as Client).makeUnaryRequest('/jinku.ledger.v1.LedgerService/ReverseVoucher', (x: Buffer) => x, (x: Buffer) => x, Buffer.alloc(0), who.income!, (error) =>
        resolve(error?.code ?? status.OK),
      ),
    );
    expect(raw).toBe(status.UNIMPLEMENTED);
    expect(await counts()).toEqual(before);
  });

  it('lets the maker correct their own voucher: review, supervisor approval, red reversal and blue entry linked to it', async () => {
    const original = await approvedManualVoucher(who.income!, 'CORR-1', '30.00');
    const entered = valueOf(
      await submit(
        who.income!,
        'corr-1',
        correction(original.voucherId, approvalsV1.ErrorOrigin.ERROR_ORIGIN_TREASURY, {
          operationRequestId: original.requestId,
          correctionLines: [line('105100', DEBIT, '3.00'), line('201103', CREDIT, '3.00')],
        }),
      ),
    );
    expect(entered.route).toEqual(['review', 'supervisor_approval']);
    valueOf(await act(who.reviewer!, entered.requestId));
    const done = valueOf(await act(who.supervisor!, entered.requestId));
    const reversal = valueOf(await call(ledger.getVoucher.bind(ledger), { treasuryId: 'SZ', voucherId: done.result['reversalVoucherId']! }, who.income!));
    expect(reversal).toMatchObject({ kind: ledgerV1.VoucherKind.VOUCHER_KIND_REVERSAL, reversesVoucherId: original.voucherId, businessDate: harness.firstDay });
    expect(reversal.lines.map((l) => l.amount)).toEqual(['-30.00', '-30.00']);
    const blue = valueOf(await call(ledger.getVoucher.bind(ledger), { treasuryId: 'SZ', voucherId: done.result['correctionVoucherId']! }, who.income!));
    expect(blue).toMatchObject({ kind: ledgerV1.VoucherKind.VOUCHER_KIND_CORRECTION, correctsVoucherId: original.voucherId });
  });

  it('refuses someone else’s voucher, an operation’s voucher not naming it, and a machine receipt as our own error', async () => {
    const original = await approvedManualVoucher(who.income!, 'CORR-2', '11.00');
    const before = await counts();
    const treasury = approvalsV1.ErrorOrigin.ERROR_ORIGIN_TREASURY;
    expect(await submit(who.refunds!, 'c2-a', correction(original.voucherId, treasury, { operationRequestId: original.requestId }))).toMatchObject({
      ok: false,
      code: status.PERMISSION_DENIED,
      reason: 'NOT_WHOSE_ERROR',
    });
    expect(await submit(who.income!, 'c2-b', correction(original.voucherId, treasury))).toMatchObject({
      ok: false,
      code: status.FAILED_PRECONDITION,
      reason: 'CORRECTION_MUST_NAME_OPERATION',
    });
    const tipsVoucher = valueOf(await post(who.tips!, receipt('to-correct', '5.00')));
    expect(await submit(who.income!, 'c2-c', correction(tipsVoucher.voucherId, treasury))).toMatchObject({ ok: false, reason: 'NOT_WHOSE_ERROR' });
    expect(await submit(who.reviewer!, 'c2-d', correction(tipsVoucher.voucherId, approvalsV1.ErrorOrigin.ERROR_ORIGIN_COUNTERPARTY))).toMatchObject({
      ok: false,
      reason: 'POST_MAY_NOT_INITIATE',
    });
    expect(await counts()).toEqual({ ...before, vouchers: before.vouchers + 1 });
  });

  it('refuses correcting the system’s own interest posting by hand: it goes through interest_correction', async () => {
    const books = createLedger(harness.database);
    const amount = parseAmount('12.00');
    const [interestVoucher] = await harness.database.sql.begin((tx) =>
      books.postWithin(tx, systemActor('interest', 'SZ'), [
        {
          treasuryId: 'SZ',
          purpose: 'interest:2026-09-20:test',
          draft: {
            kind: 'ordinary',
            summary: '结息',
            documents: [{ kind: 'interest_settlement', reference: '2026-09-20/201103' }],
            lines: [
              { accountNumber: '501100', side: 'debit', amount, fiscalLevel: null, classificationCode: null },
              { accountNumber: '201103', side: 'credit', amount, fiscalLevel: null, classificationCode: null },
            ],
          },
        },
      ]),
    );
    const before = await counts();
    for (const origin of [approvalsV1.ErrorOrigin.ERROR_ORIGIN_TREASURY, approvalsV1.ErrorOrigin.ERROR_ORIGIN_COUNTERPARTY]) {
      expect(await submit(who.income!, `c-int-${origin}`, correction(interestVoucher!.id, origin))).toMatchObject({
        ok: false,
        code: status.FAILED_PRECONDITION,
        reason: 'CORRECTED_THROUGH_ITS_OPERATION',
      });
    }
    expect(await counts()).toEqual(before);
  });

  it('takes a counterparty’s correction notice for a machine-posted receipt: reviewed, no supervisor step', async () => {
    const tipsVoucher = valueOf(await post(who.tips!, receipt('notice', '6.00')));
    const entered = valueOf(await submit(who.income!, 'c3', correction(tipsVoucher.voucherId, approvalsV1.ErrorOrigin.ERROR_ORIGIN_COUNTERPARTY)));
    expect(entered.route).toEqual(['review']);
    expect(valueOf(await act(who.reviewer!, entered.requestId)).status).toBe('executed');
  });
});

describe('blind key-element audit (R18(3))', () => {
  it('routes a manual voucher that sends money out through the audit; the auditor never sees the elements', async () => {
    const payee = { payeeAccount: '4000023009200123456', payeeName: '深圳市教育局', bankCode: '102584002303' };
    const out = manual('OUT-1', [line('201103', DEBIT, '40.00'), line('105100', CREDIT, '40.00')], payee);
    const entered = valueOf(await submit(who.refunds!, 'out-1', out));
    expect(entered.route).toEqual(['review', 'key_element_audit', 'supervisor_approval']);
    valueOf(await act(who.reviewer!, entered.requestId));
    const seen = valueOf(await call(approvals.getRequest.bind(approvals), { requestId: entered.requestId }, who.auditor!));
    expect(seen).toMatchObject({ keyElementsWithheld: true, amount: '' });
    expect(seen.operation).toBeUndefined();
    const pending = valueOf(await call(approvals.listPendingForMe.bind(approvals), {}, who.auditor!));
    expect(JSON.stringify(pending)).not.toContain(payee.payeeAccount);
    const before = await counts();
    expect(await act(who.auditor!, entered.requestId, { ...payee, payeeAccount: '4000023009200123450', amount: '40.00' })).toMatchObject({
      ok: false,
      code: status.INVALID_ARGUMENT,
      reason: 'KEY_ELEMENTS_MISMATCH',
    });
    expect(await counts()).toEqual(before);
    expect(valueOf(await call(approvals.getRequest.bind(approvals), { requestId: entered.requestId }, who.supervisor!)).keyElementMismatches).toBe(1);
    valueOf(await act(who.auditor!, entered.requestId, { ...payee, amount: '40' }));
    expect(valueOf(await act(who.supervisor!, entered.requestId)).status).toBe('executed');
  });
});

describe('the maker is re-checked at the final approval', () => {
  it('refuses to execute for a maker now on leave; the request closes refused and stays in the register', async () => {
    const maker = await harness.personWith('ctl.leaver', ['income_operator']);
    const entered = valueOf(await submit(maker, 'leaver-1', manual('LEAVE-1', [line('105100', DEBIT, '9.00'), line('201103', CREDIT, '9.00')])));
    valueOf(await act(who.reviewer!, entered.requestId));
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    valueOf(await call(staff.recordLeave.bind(staff), { login: 'ctl.leaver', startDate: today, endDate: today, kind: 'annual' }, who.head!));
    const before = await counts();
    expect(await act(who.supervisor!, entered.requestId)).toMatchObject({ ok: false, code: status.FAILED_PRECONDITION, reason: 'INITIATOR_NO_LONGER_AUTHORIZED' });
    expect((await counts()).vouchers).toBe(before.vouchers);
    const closed = valueOf(await call(approvals.getRequest.bind(approvals), { requestId: entered.requestId }, who.supervisor!));
    expect(closed).toMatchObject({ status: 'rejected', rejectionReason: expect.stringContaining('ON_LEAVE') });
  });
});

describe('parameters under control (R19(1))', () => {
  it('refuses a sub-treasury’s admin setting the deposit rate every treasury of the jurisdiction uses', async () => {
    const before = await counts();
    const change = { $case: 'depositRateChange' as const, value: { effectiveFrom: '2026-12-01', annualRate: '0.0035', supersede: false } };
    expect(await submit(who.ftAdmin!, 'rate-ft', change, 'SZ-FT')).toMatchObject({ ok: false, code: status.PERMISSION_DENIED, reason: 'BRANCH_PARAMETER' });
    expect(await counts()).toEqual(before);
    const entered = valueOf(await submit(who.admin!, 'rate-sz', change));
    expect(entered.route).toEqual(['review', 'supervisor_approval']);
    valueOf(await act(who.reviewer!, entered.requestId));
    valueOf(await act(who.supervisor!, entered.requestId));
    const district = await harness.personWith('ctl.ft-reader', ['income_operator'], 'SZ-FT');
    const rates = valueOf(await call(interest.listDepositRates.bind(interest), { treasuryId: 'SZ-FT' }, district));
    expect(rates.rates).toEqual([expect.objectContaining({ jurisdictionId: 'SZ', effectiveFrom: '2026-12-01', annualRate: '0.00350000', superseded: false })]);
  });

  it('loads a year’s working calendar only through an approved request, readable through GetCalendar', async () => {
    expect(await call(ledger.getCalendar.bind(ledger), { treasuryId: 'SZ', year: 2027 }, who.income!)).toMatchObject({ ok: false, reason: 'CALENDAR_NOT_LOADED' });
    const days = [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }];
    const change = { $case: 'calendarChange' as const, value: { year: 2027, days } };
    expect(await submit(who.ftAdmin!, 'cal-ft', change, 'SZ-FT')).toMatchObject({ ok: false, reason: 'BRANCH_PARAMETER' });
    const entered = valueOf(await submit(who.admin!, 'cal-2027', change));
    valueOf(await act(who.reviewer!, entered.requestId));
    valueOf(await act(who.supervisor!, entered.requestId));
    expect(valueOf(await call(ledger.getCalendar.bind(ledger), { treasuryId: 'SZ', year: 2027 }, who.income!))).toMatchObject({ year: 2027, version: 1, entries: days });
  });

  it('takes a treasury’s opening balances once, on its first business day, through review and approval', async () => {
    const operator = await harness.personWith('ctl.lg-income', ['income_operator'], 'SZ-LG');
    const reviewer = await harness.personWith('ctl.lg-reviewer', ['reviewer'], 'SZ-LG');
    const supervisor = await harness.personWith('ctl.lg-supervisor', ['accounting_supervisor'], 'SZ-LG');
    const balances = [
      { accountNumber: '105100', balance: '1000.00', carriedAccumulation: '' },
      { accountNumber: '201104', balance: '1000.00', carriedAccumulation: '45000.00' },
    ];
    const opening = { $case: 'openingBalances' as const, value: { balances } };
    const unbalanced = { $case: 'openingBalances' as const, value: { balances: [{ ...balances[0]!, balance: '999.00' }, balances[1]!] } };
    expect(await submit(operator, 'open-bad', unbalanced, 'SZ-LG')).toMatchObject({ ok: false, reason: 'UNBALANCED_VOUCHER' });
    const entered = valueOf(await submit(operator, 'open-1', opening, 'SZ-LG'));
    valueOf(await act(reviewer, entered.requestId));
    expect(valueOf(await act(supervisor, entered.requestId)).status).toBe('executed');
    expect(valueOf(await call(ledger.getAccount.bind(ledger), { treasuryId: 'SZ-LG', number: '201104' }, operator)).balance).toBe('1000.00');
    expect(await submit(operator, 'open-2', opening, 'SZ-LG')).toMatchObject({ ok: false, reason: 'OPENING_BALANCES_EXIST' });
  });

  it('registers a machine principal only through an approved request by the system admin', async () => {
    const registration = { $case: 'machinePrincipalRegistration' as const, value: { name: 'ctl.bank', kind: 'agency_bank', scopes: ['ledger_read'] } };
    expect(await submit(who.income!, 'reg-1', registration)).toMatchObject({ ok: false, reason: 'POST_MAY_NOT_INITIATE' });
    const entered = valueOf(await submit(who.admin!, 'reg-2', registration));
    const identity = new identityV1.IdentityServiceClient(harness.address, credentials.createInsecure());
    expect(await call(identity.issuePrincipalKey.bind(identity), { name: 'ctl.bank' }, who.admin!)).toMatchObject({ ok: false, reason: 'PRINCIPAL_NOT_FOUND' });
    valueOf(await act(who.reviewer!, entered.requestId));
    valueOf(await act(who.supervisor!, entered.requestId));
    const key = valueOf(await call(identity.issuePrincipalKey.bind(identity), { name: 'ctl.bank' }, who.admin!)).key;
    const bank = new Metadata();
    bank.set('authorization', `Bearer ${key}`);
    expect(valueOf(await call(identity.whoAmI.bind(identity), {}, bank))).toMatchObject({ kind: 'machine', scopes: ['ledger_read'], treasuryId: 'SZ' });
    expect(await post(bank, receipt('bank-receipt'))).toMatchObject({ ok: false, reason: 'POST_MAY_NOT_POST' });
    identity.close();
  });
});
