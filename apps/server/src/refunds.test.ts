import { credentials, status, type Metadata } from '@grpc/grpc-js';
import { parseAmount, systemActor, treasuryDate } from '@jinku/kernel';
import { createLedger } from '@jinku/ledger';
import { approvalsV1, ledgerV1, refundsV1, revenueV1 } from '@jinku/proto';
import { createRevenue } from '@jinku/revenue';
import { contentHash, generateSealKeyPair, SEAL_SIGNATURE_VERSION, signSeal, type SealKeyPair } from '@jinku/seals-domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startHarness, valueOf, type Harness } from './testing/harness';

/**
 * Refunds of budget revenue (退库, R33–R34) end to end: receipts from the links, specimen cards and the sharing
 * parameter through approvals, a refund entered by the fiscal-refund operator, reviewed, audited blind and
 * approved, and read back from RefundService.
 */
let harness: Harness;
let approvals: approvalsV1.ApprovalsServiceClient;
let revenue: revenueV1.RevenueServiceClient;
let ledger: ledgerV1.LedgerServiceClient;
let refunds: refundsV1.RefundServiceClient;
const people: Record<'admin' | 'refunds' | 'reviewer' | 'auditor' | 'supervisor' | 'ftRefunds' | 'ftSupervisor', Metadata> = {} as never;
const links: Record<'branch' | 'futian', Metadata> = {} as never;

const TAX = '14403000000';
const MOF = 'MOF-SZ';
const CITY = 'FB-440300';
const FUTIAN = 'FB-440304';
const PAYER = { payerName: '深圳某科技有限公司', payerAccount: '4403010000123456' };
const BANK = '102584000002';
const taxKeys = { unit: generateSealKeyPair('sm2_sm3'), representative: generateSealKeyPair('sm2_sm3') };
let vouchers = 0;

const approve = (metadata: Metadata, requestId: string, keyElements?: approvalsV1.KeyElements) =>
  call(approvals.actOnRequest.bind(approvals), { requestId, decision: approvalsV1.Decision.DECISION_APPROVE, comment: 'ok', keyElements }, metadata);
const submit = (metadata: Metadata, treasuryId: string, operation: approvalsV1.Operation['operation']) =>
  call(approvals.submitRequest.bind(approvals), { treasuryId, idempotencyKey: `refunds-test-${++vouchers}`, documents: [], operation: { operation } }, metadata);
/** Enters an operation and has it reviewed and approved by the branch's checkers (no money leaves). */
async function approved(metadata: Metadata, treasuryId: string, operation: approvalsV1.Operation['operation']) {
  const entered = valueOf(await submit(metadata, treasuryId, operation));
  for (const checker of [people.reviewer, people.supervisor]) valueOf(await approve(checker, entered.requestId));
}

const receipt = async (link: Metadata, messageId: string, overrides: Partial<revenueV1.Receipt> = {}) => {
  const [result] = valueOf(
    await call(
      revenue.submitReceipts.bind(revenue),
      {
        receipts: [
          { authorityCode: TAX, messageId, revenueCode: '1010101', designation: 'shared', region: '440304', ...PAYER, amount: '100.01', collectionDate: harness.firstDay, ...overrides },
        ],
      },
      link,
    ),
  ).results;
  expect(result?.outcome?.$case).toBe('accepted');
};

const paper = (unitId: string): refundsV1.RevenueRefund['presented'] => ({ $case: 'paper', value: { unitImprint: `${unitId} 公章`, representativeImprint: `${unitId} 名章` } });
const sealedElectronically = (text: string): refundsV1.RevenueRefund['presented'] => {
  const content = Buffer.from(text);
  const sign = (keys: SealKeyPair) =>
    signSeal({ version: SEAL_SIGNATURE_VERSION, sealId: TAX, signedAt: new Date(), dataHash: contentHash(content), documentReference: text, signerUserId: TAX }, 'sm2_sm3', keys.privateKeyPkcs8);
  return { $case: 'electronic', value: { content, unitSignature: sign(taxKeys.unit), representativeSignature: sign(taxKeys.representative) } };
};
/** A refund of `messageId` approved by the tax bureau that collected it, paid to the payer, sealed on paper. */
const refund = (messageId: string, overrides: Partial<refundsV1.RevenueRefund> = {}): approvalsV1.Operation['operation'] => ({
  $case: 'revenueRefund',
  value: refundsV1.RevenueRefund.fromPartial({
    original: { $case: 'receipt', value: { authorityCode: TAX, messageId } },
    approvingAuthorityCode: TAX,
    approvingAuthorityKind: 'tax_bureau',
    approvalDocument: `深税退〔2026〕${messageId}`,
    // Cards take effect from their filing today; the approval is dated today too.
    approvalDate: treasuryDate(),
    refundVoucherNumber: `TH-${++vouchers}`,
    applicationReference: `SQ-${messageId}`,
    payeeName: PAYER.payerName,
    payeeAccount: PAYER.payerAccount,
    bankCode: BANK,
    amount: '40.00',
    reason: '多缴',
    requestForm: 'written',
    presented: paper(overrides.approvingAuthorityCode ?? TAX),
    ...overrides,
  }),
});
const keyElementsOf = (operation: approvalsV1.Operation['operation']): approvalsV1.KeyElements => {
  const value = operation?.$case === 'revenueRefund' ? operation.value : refundsV1.RevenueRefund.fromPartial({});
  return { payeeAccount: value.payeeAccount, payeeName: value.payeeName, bankCode: value.bankCode, amount: value.amount };
};
/** Review, the blind key-element audit, then the supervisor: the result of the last step taken. */
async function refunded(operation: approvalsV1.Operation['operation'], maker = people.refunds, treasuryId = 'SZ') {
  const entered = valueOf(await submit(maker, treasuryId, operation));
  valueOf(await approve(people.reviewer, entered.requestId));
  valueOf(await approve(people.auditor, entered.requestId, keyElementsOf(operation)));
  return approve(people.supervisor, entered.requestId);
}

const balance = async (treasuryId: string, number: string) =>
  valueOf(await call(ledger.getAccount.bind(ledger), { treasuryId, number }, treasuryId === 'SZ' ? people.supervisor : people.ftSupervisor)).balance;
const balances = (treasuryId: string, numbers: readonly string[]) => Promise.all(numbers.map((number) => balance(treasuryId, number)));
const writes = async () =>
  (await harness.database.sql<{ vouchers: number; refunds: number }[]>`
    select (select count(*)::int from ledger.vouchers) as vouchers, (select count(*)::int from refunds.refunds) as refunds`)[0]!;

const card = (unitId: string, unitKind: string, keys?: typeof taxKeys) => ({
  $case: 'specimenCardNew' as const,
  value: {
    unitId,
    unitKind,
    unitName: unitId,
    effectiveFrom: treasuryDate(),
    unitSeal: { imprint: `${unitId} 公章`, publicKey: keys?.unit.publicKeySpki.toString('base64') ?? '' },
    representativeName: '张三',
    representativeRole: 'legal_representative',
    representativeSeal: { imprint: `${unitId} 名章`, publicKey: keys?.representative.publicKeySpki.toString('base64') ?? '' },
    documents: ['application', 'representative_certificate', 'specimen_card', 'introduction_letter'].map((kind) => ({ kind, reference: `${unitId}/${kind}` })),
    unitSealDated: false,
  },
});

beforeAll(async () => {
  harness = await startHarness();
  people.admin = await harness.personWith('sz.admin', ['system_admin']);
  people.refunds = await harness.personWith('sz.refunds', ['fiscal_refund_operator']);
  people.reviewer = await harness.personWith('sz.reviewer', ['reviewer']);
  people.auditor = await harness.personWith('sz.auditor', ['key_element_auditor']);
  people.supervisor = await harness.personWith('sz.supervisor', ['accounting_supervisor']);
  people.ftRefunds = await harness.personWith('sz-ft.refunds', ['fiscal_refund_operator'], 'SZ-FT');
  people.ftSupervisor = await harness.personWith('sz-ft.supervisor', ['accounting_supervisor'], 'SZ-FT');
  approvals = new approvalsV1.ApprovalsServiceClient(harness.address, credentials.createInsecure());
  revenue = new revenueV1.RevenueServiceClient(harness.address, credentials.createInsecure());
  ledger = new ledgerV1.LedgerServiceClient(harness.address, credentials.createInsecure());
  refunds = new refundsV1.RefundServiceClient(harness.address, credentials.createInsecure());
  links.branch = await harness.machineWith('sz.tips', ['receipt_posting']);
  links.futian = await harness.machineWith('sz-ft.tips', ['receipt_posting'], 'SZ-FT');
  await createRevenue(harness.database, createLedger(harness.database)).defineRegions([
    { region: '440300', treasuryId: 'SZ', name: '深圳市' },
    { region: '440304', treasuryId: 'SZ-FT', name: '福田区' },
  ]);
  await approved(people.admin, 'SZ', {
    $case: 'sharingRuleChange',
    value: { revenueCode: '1010101', region: '', effectiveFrom: harness.firstDay, shares: [['central', '50'], ['municipal', '25'], ['district', '25']].map(([level, percent]) => ({ level: level!, percent: percent! })) },
  });
  // The approving authorities' specimen cards: the tax bureau seals electronically, the others on paper.
  await approved(people.refunds, 'SZ', card(TAX, 'tax_bureau', taxKeys));
  await approved(people.refunds, 'SZ', card(MOF, 'finance_bureau'));
  await approved(people.refunds, 'SZ', card(CITY, 'finance_bureau'));
  await approved(people.ftRefunds, 'SZ-FT', card(FUTIAN, 'finance_bureau'));
});

afterAll(async () => {
  approvals?.close();
  revenue?.close();
  ledger?.close();
  refunds?.close();
  await harness?.stop();
});

describe('a refund through approvals (R33–R34, R18(3), R19(3))', () => {
  it('splits by the receipt’s parts, each level’s balance down by its share, after review, a blind key-element audit and approval', async () => {
    await receipt(links.branch, 'vat-1');
    const accounts = ['101101', '201103', '104100', '105100'];
    const before = await balances('SZ', accounts);
    const operation = refund('vat-1', { presented: sealedElectronically('深税退 vat-1 40.00') });

    const entered = valueOf(await submit(people.refunds, 'SZ', operation));
    expect(entered).toMatchObject({ kind: 'revenue_refund', route: ['review', 'key_element_audit', 'supervisor_approval'], amount: '40.00' });
    valueOf(await approve(people.reviewer, entered.requestId));
    // The auditor sees neither the payee nor the amount, and must re-enter them as the voucher says.
    const seen = valueOf(await call(approvals.getRequest.bind(approvals), { requestId: entered.requestId }, people.auditor));
    expect(seen).toMatchObject({ keyElementsWithheld: true, amount: '', operation: undefined });
    expect(await approve(people.auditor, entered.requestId, { ...keyElementsOf(operation), payeeAccount: '6222000011112222' })).toMatchObject({
      ok: false,
      reason: 'KEY_ELEMENTS_MISMATCH',
    });
    valueOf(await approve(people.auditor, entered.requestId, keyElementsOf(operation)));
    const done = valueOf(await approve(people.supervisor, entered.requestId));
    expect(done.status).toBe('executed');

    const moved = (await balances('SZ', accounts)).map((after, i) => parseAmount(after).minus(parseAmount(before[i]!)).toFixed(2));
    // Central 20.00 from central revenue, municipal 10.00 from its deposit, the district's 10.00 from the
    // inter-treasury account it waits in, 40.00 out through clearing.
    expect(moved).toEqual(['-20.00', '-10.00', '10.00', '-40.00']);

    const made = valueOf(await call(refunds.getRefund.bind(refunds), { refundId: done.result['refundId']! }, people.reviewer));
    expect(made).toMatchObject({
      treasuryId: 'SZ',
      receipt: { authorityCode: TAX, messageId: 'vat-1' },
      amount: '40.00',
      voucherId: done.result['voucherId'],
      approvalRequestId: entered.requestId,
      parts: [
        { level: 'central', amount: '20.00', accountNumber: '101101', treasuryId: 'SZ' },
        { level: 'municipal', amount: '10.00', accountNumber: '201103', treasuryId: 'SZ' },
        { level: 'district', amount: '10.00', accountNumber: '104100', treasuryId: 'SZ-FT' },
      ],
    });
    const day = valueOf(await call(refunds.listRefunds.bind(refunds), { treasuryId: 'SZ', businessDate: harness.firstDay }, people.reviewer));
    expect(day.refunds.map((r) => r.refundId)).toContain(made.refundId);
    // The register shows the electronic presentation's kind; its bytes stay with the request.
    const shown = valueOf(await call(approvals.getRequest.bind(approvals), { requestId: entered.requestId }, people.reviewer)).operation?.operation;
    expect(shown).toMatchObject({ $case: 'revenueRefund', value: { amount: '40.00', presented: { $case: 'electronic' } } });
  });

  describe('refusals: each with its reason, nothing posted', () => {
    beforeAll(async () => {
      await receipt(links.branch, 'vat-r');
    });

    const cases: [string, string, status, () => approvalsV1.Operation['operation']][] = [
      ['R34(1) the municipal bureau for shared revenue', 'UNAUTHORIZED_APPROVER', status.FAILED_PRECONDITION, () => refund('vat-r', { approvingAuthorityCode: CITY, approvingAuthorityKind: 'municipal_finance_bureau' })],
      ['R34(3) a payee who is not the payer', 'PAYEE_NOT_APPLICANT', status.FAILED_PRECONDITION, () => refund('vat-r', { payeeName: '另一家公司' })],
      ['R34(4) a telephone call', 'VERBAL_REQUEST', status.FAILED_PRECONDITION, () => refund('vat-r', { requestForm: 'telephone' })],
      ['R34(5) no refund application', 'MISSING_DOCUMENTS', status.INVALID_ARGUMENT, () => refund('vat-r', { applicationReference: '' })],
      ['R34(6) an amount with three decimals', 'BAD_VOUCHER_ELEMENTS', status.INVALID_ARGUMENT, () => refund('vat-r', { amount: '40.001' })],
      ['R34(7) no seal', 'SEAL_MISSING', status.FAILED_PRECONDITION, () => refund('vat-r', { presented: undefined })],
      ['R34(7) another seal than the specimen', 'SEAL_MISMATCH', status.FAILED_PRECONDITION, () => refund('vat-r', { presented: paper(MOF) })],
      ['R34(8) copies that disagree', 'COPIES_DISAGREE', status.INVALID_ARGUMENT, () => refund('vat-r', { copyAmounts: ['40.00', '4.00'] })],
      ['R33 more than the receipt', 'REFUND_EXCEEDS_RECEIPT', status.FAILED_PRECONDITION, () => refund('vat-r', { amount: '100.02' })],
    ];

    it.each(cases)('%s → %s', async (_, reason, code, operation) => {
      const before = { writes: await writes(), balances: await balances('SZ', ['101101', '201103', '104100', '105100']) };
      expect(await submit(people.refunds, 'SZ', operation())).toMatchObject({ ok: false, code, reason });
      expect({ writes: await writes(), balances: await balances('SZ', ['101101', '201103', '104100', '105100']) }).toEqual(before);
    });

    it('refuses at the final approval a refund the level’s balance no longer covers, and the request waits (R33(6), R34(9))', async () => {
      await receipt(links.branch, 'city-b', { revenueCode: '10304', designation: 'municipal', region: '440300', amount: '30.00' });
      const operation = refund('city-b', { amount: '30.00' });
      const entered = valueOf(await submit(people.refunds, 'SZ', operation));
      valueOf(await approve(people.reviewer, entered.requestId));
      valueOf(await approve(people.auditor, entered.requestId, keyElementsOf(operation)));
      // The municipal deposit is spent down to 10.00 meanwhile (a payment out of it).
      const books = createLedger(harness.database);
      const spend = (amount: string, out: boolean) =>
        harness.database.sql.begin((tx) =>
          books.postWithin(tx, systemActor('test', 'SZ'), [
            {
              treasuryId: 'SZ',
              purpose: `test-spend-${out}`,
              draft: {
                kind: 'ordinary',
                summary: out ? '拨付' : '拨付退回',
                documents: [{ kind: 'form', reference: 'test-spend' }],
                lines: [
                  { accountNumber: '201103', side: out ? 'debit' : 'credit', amount: parseAmount(amount), fiscalLevel: null, classificationCode: null },
                  { accountNumber: '105100', side: out ? 'credit' : 'debit', amount: parseAmount(amount), fiscalLevel: null, classificationCode: null },
                ],
              },
            },
          ]),
        );
      const spent = parseAmount(await balance('SZ', '201103')).minus(10).toFixed(2);
      await spend(spent, true);
      const before = await writes();
      expect(await approve(people.supervisor, entered.requestId)).toMatchObject({ ok: false, code: status.FAILED_PRECONDITION, reason: 'INSUFFICIENT_BALANCE' });
      expect(await writes()).toEqual(before);
      expect(await balance('SZ', '201103')).toBe('10.00');
      expect(valueOf(await call(approvals.getRequest.bind(approvals), { requestId: entered.requestId }, people.reviewer))).toMatchObject({ status: 'pending', nextStep: 'supervisor_approval' });
      await spend(spent, false);
      expect(valueOf(await approve(people.supervisor, entered.requestId)).status).toBe('executed');
    });
  });

  describe('who may approve which refund where (R33(1), R33(7), R34(1)–(2))', () => {
    beforeAll(async () => {
      await receipt(links.futian, 'fee-central', { revenueCode: '10304', designation: 'central', amount: '12.00' });
      await receipt(links.futian, 'fee-district', { revenueCode: '10304', designation: 'district', amount: '12.00' });
    });
    const futianBureau = { approvingAuthorityCode: FUTIAN, approvingAuthorityKind: 'district_finance_bureau' };

    it('refuses a district bureau’s approval of central revenue, even at its own sub-treasury', async () => {
      expect(await submit(people.ftRefunds, 'SZ-FT', refund('fee-central', futianBureau))).toMatchObject({ ok: false, reason: 'UNAUTHORIZED_APPROVER' });
    });

    it('refuses at a sub-treasury a refund approved by the Ministry’s office, which only the branch takes', async () => {
      expect(await submit(people.ftRefunds, 'SZ-FT', refund('fee-central', { approvingAuthorityCode: MOF, approvingAuthorityKind: 'mof_office' }))).toMatchObject({
        ok: false,
        code: status.FAILED_PRECONDITION,
        reason: 'AUTHORITY_NOT_TAKEN_HERE',
      });
    });

    it('makes a sub-treasury’s refund of its district’s revenue approved by its district’s bureau', async () => {
      const before = await balance('SZ-FT', '201104');
      expect(valueOf(await refunded(refund('fee-district', { ...futianBureau, amount: '12.00' }), people.ftRefunds, 'SZ-FT')).status).toBe('executed');
      expect(parseAmount(before).minus(parseAmount(await balance('SZ-FT', '201104'))).toFixed(2)).toBe('12.00');
    });

    it('lists the matrix', async () => {
      const { authorities } = valueOf(await call(refunds.listRefundAuthorities.bind(refunds), {}, people.refunds));
      expect(authorities.filter((cell) => cell.treasuryKind === 'sub_treasury').map((cell) => [cell.authorityKind, cell.revenueLevel])).toEqual([['district_finance_bureau', 'district']]);
      expect(authorities.find((cell) => cell.authorityKind === 'mof_office')).toMatchObject({ authorityName: '财政部驻深圳监管局', revenueLevel: 'central', treasuryKind: 'branch' });
    });
  });

  describe('a receipt is never refunded beyond its amount', () => {
    it('refuses at entry what is more than is left', async () => {
      await receipt(links.branch, 'vat-twice');
      expect(valueOf(await refunded(refund('vat-twice', { amount: '60.00' }))).status).toBe('executed');
      expect(await submit(people.refunds, 'SZ', refund('vat-twice', { amount: '40.02' }))).toMatchObject({ ok: false, reason: 'REFUND_EXCEEDS_RECEIPT' });
    });

    it('executes only one of two refunds approved at the same moment that together exceed it', async () => {
      await receipt(links.branch, 'vat-race');
      const operations = [refund('vat-race', { amount: '60.00' }), refund('vat-race', { amount: '60.00' })];
      const requests = [];
      for (const operation of operations) {
        const entered = valueOf(await submit(people.refunds, 'SZ', operation));
        valueOf(await approve(people.reviewer, entered.requestId));
        valueOf(await approve(people.auditor, entered.requestId, keyElementsOf(operation)));
        requests.push(entered.requestId);
      }
      const outcomes = await Promise.all(requests.map((requestId) => approve(people.supervisor, requestId)));
      expect(outcomes.map((o) => (o.ok ? o.value.status : o.reason)).sort()).toEqual(['REFUND_EXCEEDS_RECEIPT', 'executed']);
      const [row] = await harness.database.sql<{ total: string }[]>`select sum(amount)::text as total from refunds.refunds where receipt_message_id = 'vat-race'`;
      expect(row!.total).toBe('60.00');
    });
  });

  it('nets the day’s refunds of parts another treasury keeps out of the remittance: the keeper never holds what was paid back (R33(2), R31)', async () => {
    const [row] = await harness.database.sql<{ received: string; refunded: string }[]>`
      select (select coalesce(sum((p->>'amount')::numeric), 0) from revenue.receipts r cross join lateral jsonb_array_elements(r.parts) p
              where r.treasury_id = 'SZ' and p->>'treasuryId' = 'SZ-FT')::text as received,
             (select coalesce(sum((p->>'amount')::numeric), 0) from refunds.refunds r cross join lateral jsonb_array_elements(r.parts) p
              where r.treasury_id = 'SZ' and p->>'treasuryId' = 'SZ-FT')::text as refunded`;
    const owed = parseAmount(row!.received).minus(parseAmount(row!.refunded));
    expect(owed.isPositive()).toBe(true);
    const [sent] = valueOf(await call(revenue.remitRevenue.bind(revenue), { treasuryId: 'SZ' }, people.supervisor)).remittances;
    expect(sent).toMatchObject({ toTreasuryId: 'SZ-FT', level: 'district', amount: owed.toFixed(2) });
    expect(await balance('SZ', '104100')).toBe('0.00');
  });
});

