import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import { DomainError, parseAmount, systemActor, type Actor, type Post } from '@jinku/kernel';
import { createLedger, ledgerMigrations, seedLedgerDemo, type Ledger } from '@jinku/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalsMigrations } from './migrations';
import { createApprovals, type Approvals } from './approvals';
import { inquiryReplyAction } from './actions/inquiry-reply';
import { manualVoucherAction } from './actions/manual-voucher';
import { outwardTransferAction } from './actions/outward-transfer';

let database: TestDatabase;
let ledger: Ledger;
let approvals: Approvals;

let nextId = 0;
/** The people as identity would report them now; a test changes an entry to change a person. */
const people = new Map<string, Actor>();
const person = (posts: Post[], treasuryId = 'SZ-FT'): Actor => {
  nextId += 1;
  const reach = treasuryId === 'SZ' ? ['SZ', 'SZ-FT', 'SZ-LG'] : [treasuryId];
  const actor: Actor = { kind: 'person', userId: `p${nextId}`, login: `person${nextId}`, treasuryId, posts, scopes: [], reach, jurisdictionId: 'SZ' };
  people.set(actor.userId, actor);
  return actor;
};
const maker = person(['fiscal_refund_operator']);
const incomeOperator = person(['income_operator']);
const reviewer = person(['reviewer']);
const auditor = person(['key_element_auditor']);
const supervisor = person(['accounting_supervisor']);
const branchSupervisor = person(['accounting_supervisor'], 'SZ');

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return `${error.kind}:${error.reason}`;
    throw error;
  }
  return 'allowed';
};
const counts = async () => {
  const [row] = await database.sql<{ steps: number; vouchers: number; requests: number }[]>`
    select (select count(*)::int from approvals.steps) as steps, (select count(*)::int from ledger.vouchers) as vouchers,
           (select count(*)::int from approvals.requests) as requests`;
  return row!;
};

const transfer = (reference: string, amount = '300.00') => ({
  kind: 'outward_transfer',
  treasuryId: 'SZ-FT',
  idempotencyKey: `transfer-${reference}`,
  documents: [{ kind: 'appropriation_voucher', reference }],
  payload: {
    fromAccount: '201104',
    amount,
    payeeAccount: '4000023009200123456',
    payeeName: '深圳市福田区教育局',
    bankCode: '102584002303',
    summary: '实拨资金',
    documentReference: reference,
  },
});
const keyElements = { payeeAccount: '4000023009200123456', payeeName: '深圳市福田区教育局', bankCode: '102584002303', amount: '300.00' };
const approve = (actor: Actor, requestId: string, elements: typeof keyElements | null = null) =>
  approvals.act(actor, { requestId, decision: 'approve', comment: 'ok', keyElements: elements });

beforeAll(async () => {
  database = await createTestDatabase([ledgerMigrations, approvalsMigrations]);
  ledger = createLedger(database);
  await seedLedgerDemo(ledger.setup, ledger.days, '2026-11-20');
  approvals = createApprovals(database, ledger, [outwardTransferAction(ledger), manualVoucherAction(ledger), inquiryReplyAction], {
    currentPerson: async (userId) => people.get(userId)!,
  });
  // Fund the district deposit account with 1,000.00 of revenue.
  await database.sql.begin((tx) => ledger.postWithin(tx, systemActor('test', 'SZ-FT'), [{
    treasuryId: 'SZ-FT',
    purpose: 'fund',
    draft: {
      kind: 'ordinary',
      summary: '入库',
      documents: [{ kind: 'tax_payment_form', reference: 'T1' }],
      lines: [
        { accountNumber: '105100', side: 'debit', amount: parseAmount('1000.00'), fiscalLevel: null, classificationCode: null },
        { accountNumber: '201104', side: 'credit', amount: parseAmount('1000.00'), fiscalLevel: null, classificationCode: null },
      ],
    },
  }]));
});
afterAll(() => database.drop());

describe('maker-checker route of an outward transfer', () => {
  it('walks review → key-element audit → supervisor approval and posts once, with maker and checker', async () => {
    const request = await approvals.submit(maker, transfer('AV-001'));
    expect(request.route).toEqual(['review', 'key_element_audit', 'supervisor_approval']);
    await approve(reviewer, request.id);
    expect(await refusal(approve(auditor, request.id, { ...keyElements, amount: '3000.00' }))).toBe('invalid_argument:KEY_ELEMENTS_MISMATCH');
    await approve(auditor, request.id, keyElements);
    const before = await counts();
    const done = await approve(supervisor, request.id);
    expect(done.status).toBe('executed');
    expect((await counts()).vouchers).toBe(before.vouchers + 1);
    const voucher = await ledger.vouchers.get('SZ-FT', done.result!['voucherId']!);
    expect({ maker: voucher.makerId, checker: voucher.checkerId, request: voucher.approvalRequestId }).toEqual({
      maker: maker.userId,
      checker: supervisor.userId,
      request: request.id,
    });
    expect((await ledger.accounts.get('SZ-FT', '201104')).balance.toFixed(2)).toBe('700.00');
  });

  it('refuses the maker reviewing their own entry, writing nothing', async () => {
    const makerReviewer = person(['fiscal_refund_operator', 'reviewer']);
    const request = await approvals.submit(makerReviewer, transfer('AV-002'));
    const before = await counts();
    expect(await refusal(approve(makerReviewer, request.id))).toBe('permission_denied:OWN_REQUEST');
    expect(await counts()).toEqual(before);
  });

  it('refuses the reviewer doing the key-element audit of the same request', async () => {
    const reviewerAuditor = person(['reviewer', 'key_element_auditor']);
    const request = await approvals.submit(maker, transfer('AV-003'));
    await approve(reviewerAuditor, request.id);
    expect(await refusal(approve(reviewerAuditor, request.id, keyElements))).toBe('permission_denied:ALREADY_ACTED');
  });

  it('refuses a step by someone without its post', async () => {
    const request = await approvals.submit(maker, transfer('AV-004'));
    expect(await refusal(approve(auditor, request.id, keyElements))).toBe('permission_denied:POST_MAY_NOT_ACT');
  });

  it('refuses a second pending request on the same target, and allows it after a rejection', async () => {
    const first = await approvals.submit(maker, transfer('AV-005'));
    const again = { ...transfer('AV-005'), idempotencyKey: 'another-key' };
    expect(await refusal(approvals.submit(maker, again))).toBe('already_exists:DUPLICATE_PENDING_REQUEST');
    const rejected = await approvals.act(reviewer, { requestId: first.id, decision: 'reject', comment: '附件不全 (documents missing)', keyElements: null });
    expect({ status: rejected.status, reason: rejected.rejectionReason }).toEqual({ status: 'rejected', reason: '附件不全 (documents missing)' });
    expect(await refusal(approve(auditor, first.id, keyElements))).toBe('failed_precondition:REQUEST_NOT_PENDING');
    expect((await approvals.submit(maker, again)).status).toBe('pending');
  });

  it('a retry of the same submission returns the first request', async () => {
    const first = await approvals.submit(maker, transfer('AV-006'));
    expect((await approvals.submit(maker, transfer('AV-006'))).id).toBe(first.id);
  });

  it('concurrent double approval executes the action once', async () => {
    const request = await approvals.submit(maker, transfer('AV-007', '10.00'));
    await approve(reviewer, request.id);
    await approve(auditor, request.id, { ...keyElements, amount: '10.00' });
    const before = await counts();
    const results = await Promise.all([approve(supervisor, request.id), approve(branchSupervisor, request.id)].map(refusal));
    expect(results.sort()).toEqual(['allowed', 'failed_precondition:REQUEST_NOT_PENDING']);
    expect((await counts()).vouchers).toBe(before.vouchers + 1);
  });

  it('an action the ledger refuses leaves the request pending and the approval unrecorded', async () => {
    const request = await approvals.submit(maker, transfer('AV-008', '5000.00'));
    await approve(reviewer, request.id);
    await approve(auditor, request.id, { ...keyElements, amount: '5000.00' });
    const before = await counts();
    expect(await refusal(approve(supervisor, request.id))).toBe('failed_precondition:INSUFFICIENT_BALANCE');
    expect(await counts()).toEqual(before);
    expect((await approvals.get(supervisor, request.id)).nextStep).toBe('supervisor_approval');
  });
});

describe('who may do what', () => {
  it('a checker-only person, a supervisor or an admin cannot initiate; a person cannot post directly', async () => {
    for (const actor of [reviewer, supervisor, person(['system_admin'])]) {
      expect(await refusal(approvals.submit(actor, transfer(`AV-X-${actor.userId}`)))).toBe('permission_denied:POST_MAY_NOT_INITIATE');
    }
    const posting = ledger.postReceipt(supervisor, {
      treasuryId: 'SZ-FT',
      idempotencyKey: 'supervisor-posts',
      draft: {
        kind: 'ordinary',
        summary: 'x',
        documents: [{ kind: 'k', reference: 'r' }],
        lines: [
          { accountNumber: '105100', side: 'debit', amount: parseAmount('1.00'), fiscalLevel: null, classificationCode: null },
          { accountNumber: '201104', side: 'credit', amount: parseAmount('1.00'), fiscalLevel: null, classificationCode: null },
        ],
      },
    });
    expect(await refusal(posting)).toBe('permission_denied:POST_MAY_NOT_POST');
  });

  it('the branch acts on its sub-treasuries; a sub-treasury never acts on another', async () => {
    const request = await approvals.submit(maker, transfer('AV-009'));
    expect(await refusal(approve(person(['reviewer'], 'SZ-LG'), request.id))).toBe('not_found:REQUEST_NOT_FOUND');
    expect(await refusal(approve(person(['reviewer'], 'SZ'), request.id))).toBe('allowed');
    expect(await refusal(approvals.submit(person(['fiscal_refund_operator'], 'SZ-LG'), transfer('AV-010')))).toBe('permission_denied:OTHER_TREASURY');
  });

  it('a manual voucher posts only through an approved request, with its checker', async () => {
    const request = await approvals.submit(incomeOperator, {
      kind: 'manual_voucher',
      treasuryId: 'SZ-FT',
      idempotencyKey: 'manual-1',
      documents: [{ kind: 'correction_notice', reference: 'CN-1' }],
      payload: {
        summary: '手工补录',
        documentKind: 'correction_notice',
        documentReference: 'CN-1',
        lines: [
          { accountNumber: '105100', side: 'debit', amount: '12.34' },
          { accountNumber: '201104', side: 'credit', amount: '12.34' },
        ],
      },
    });
    expect(request.route).toEqual(['review', 'supervisor_approval']);
    await approve(reviewer, request.id);
    const done = await approve(supervisor, request.id);
    const voucher = await ledger.vouchers.get('SZ-FT', done.result!['voucherId']!);
    expect(voucher.checkerId).toBe(supervisor.userId);
  });

  it('routes a manual voucher that sends money out through the blind key-element audit, and needs the payee', async () => {
    const outgoing = (extra: Record<string, string>) => ({
      kind: 'manual_voucher',
      treasuryId: 'SZ-FT',
      idempotencyKey: `manual-out-${Object.keys(extra).length}`,
      documents: [],
      payload: {
        summary: '手工划款',
        documentKind: 'transfer_instruction',
        documentReference: 'MO-1',
        lines: [
          { accountNumber: '201104', side: 'debit', amount: '5.00' },
          { accountNumber: '105100', side: 'credit', amount: '5.00' },
        ],
        ...extra,
      },
    });
    expect(await refusal(approvals.submit(incomeOperator, outgoing({})))).toBe('invalid_argument:MALFORMED_PAYLOAD');
    const request = await approvals.submit(incomeOperator, outgoing({ payeeAccount: '622200001', payeeName: '福田区教育局', bankCode: '102584002303' }));
    expect(request.route).toEqual(['review', 'key_element_audit', 'supervisor_approval']);
    await approve(reviewer, request.id);
    const blind = await approvals.get(auditor, request.id);
    expect({ payload: blind.payload, amount: blind.amount, withheld: blind.keyElementsWithheld }).toEqual({ payload: null, amount: null, withheld: true });
    expect(JSON.stringify(await approvals.pendingFor(auditor))).not.toContain('622200001');
    const before = await counts();
    const wrong = { payeeAccount: '622200009', payeeName: '福田区教育局', bankCode: '102584002303', amount: '5.00' };
    expect(await refusal(approve(auditor, request.id, wrong))).toBe('invalid_argument:KEY_ELEMENTS_MISMATCH');
    expect(await counts()).toEqual(before);
    expect((await approvals.get(supervisor, request.id)).keyElementMismatches).toBe(1);
    await approve(auditor, request.id, { ...wrong, payeeAccount: '622200001' });
    expect((await approvals.get(auditor, request.id)).keyElementsWithheld).toBe(false);
  });

  it('re-checks the maker at the final approval: one who lost the post moves nothing and the request closes refused', async () => {
    const operator = person(['fiscal_refund_operator']);
    const request = await approvals.submit(operator, transfer('AV-011', '1.00'));
    await approve(reviewer, request.id);
    await approve(auditor, request.id, { ...keyElements, amount: '1.00' });
    people.set(operator.userId, { ...operator, posts: ['voucher_clerk'] });
    const before = await counts();
    expect(await refusal(approve(supervisor, request.id))).toBe('failed_precondition:INITIATOR_NO_LONGER_AUTHORIZED');
    expect((await counts()).vouchers).toBe(before.vouchers);
    const closed = await approvals.get(supervisor, request.id);
    expect(closed.status).toBe('rejected');
    expect(closed.rejectionReason).toContain('POST_MAY_NOT_INITIATE');
  });

  it('refuses an unbalanced manual voucher at entry', async () => {
    const unbalanced = {
      kind: 'manual_voucher',
      treasuryId: 'SZ-FT',
      idempotencyKey: 'manual-2',
      documents: [],
      payload: {
        summary: 'x',
        documentKind: 'k',
        documentReference: 'CN-2',
        lines: [
          { accountNumber: '105100', side: 'debit', amount: '1.00' },
          { accountNumber: '201104', side: 'credit', amount: '2.00' },
        ],
      },
    };
    expect(await refusal(approvals.submit(incomeOperator, unbalanced))).toBe('invalid_argument:UNBALANCED_VOUCHER');
  });
});

describe('the register and inquiries', () => {
  it('answers by kind, status and person', async () => {
    const byReviewer = await approvals.register(supervisor, { treasuryId: 'SZ-FT', personId: reviewer.userId });
    expect(byReviewer.length).toBeGreaterThan(0);
    expect(byReviewer.every((r) => r.initiatorId === reviewer.userId || r.steps.some((s) => s.actorId === reviewer.userId))).toBe(true);
    const rejected = await approvals.register(supervisor, { treasuryId: 'SZ-FT', kind: 'outward_transfer', status: 'rejected' });
    expect(rejected.map((r) => r.target).sort()).toEqual(['document:AV-005', 'document:AV-011']);
  });

  it('lists pending work for a person: only steps they may take', async () => {
    const mine = await approvals.pendingFor(auditor);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.nextStep === 'key_element_audit')).toBe(true);
  });

  it('lists an inquiry whose reply is unapproved after noon of the next business day as overdue', async () => {
    // Received Friday 2026-11-20: due Monday 2026-11-23 at 12:00.
    await approvals.submit(person(['key_element_auditor']), {
      kind: 'inquiry_reply',
      treasuryId: 'SZ-FT',
      idempotencyKey: 'inq-1',
      documents: [],
      payload: { inquiryId: 'Q-1', receivedOn: '2026-11-20', from: '福田区税务局', question: '入库是否到账', reply: '已于当日入库' },
    });
    expect(await approvals.overdueInquiries(supervisor, 'SZ-FT', '2026-11-23T11:00')).toHaveLength(0);
    expect((await approvals.overdueInquiries(supervisor, 'SZ-FT', '2026-11-23T12:30')).map((r) => r.target)).toEqual(['inquiry:Q-1']);
  });
});
