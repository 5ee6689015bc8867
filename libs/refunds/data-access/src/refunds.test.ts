import { parseAmount, systemActor } from '@jinku/kernel';
import { refusalOf } from '@jinku/kernel/testing';
import { contentHash, generateSealKeyPair, SEAL_SIGNATURE_VERSION, signSeal, type SealKeyPair } from '@jinku/seals-domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYER, refundFixture, TAX_BUREAU, type RefundFixture } from './testing/refund-fixture';

let f: RefundFixture;
let vouchers = 0;
const MOF = 'MOF-SZ';
const CITY = 'FB-440300';
const FUTIAN = 'FB-440304';

const paper = (unitId: string) => ({ $case: 'paper', value: { unitImprint: `${unitId} 公章`, representativeImprint: `${unitId} 名章` } });
/** A refund of receipt `messageId` approved by the tax bureau that collected it, sealed on paper. */
const refund = (messageId: string, overrides: Record<string, unknown> = {}) => {
  const authority = (overrides['approvingAuthorityCode'] as string | undefined) ?? TAX_BUREAU;
  return {
    original: { $case: 'receipt', value: { authorityCode: TAX_BUREAU, messageId } },
    approvingAuthorityCode: authority,
    approvingAuthorityKind: 'tax_bureau',
    approvalDocument: `退库批复 ${messageId}`,
    approvalDate: f.today,
    refundVoucherNumber: `TH-${++vouchers}`,
    applicationReference: `SQ-${messageId}`,
    payeeName: PAYER.payerName,
    payeeAccount: PAYER.payerAccount,
    bankCode: '102584000002',
    amount: '40.00',
    reason: '多缴',
    requestForm: 'written',
    presented: paper(authority),
    copyAmounts: [],
    ...overrides,
  };
};
const enterRefund = (payload: unknown, treasuryId = 'SZ') => f.enter('revenue_refund', payload, f.person(`refunds-${treasuryId}`, 'fiscal_refund_operator', treasuryId));
const approvedRefund = async (payload: unknown, treasuryId = 'SZ') => f.approve(await enterRefund(payload, treasuryId));

beforeAll(async () => {
  f = await refundFixture();
  await f.fileCard(TAX_BUREAU, 'tax_bureau');
  await f.fileCard(MOF, 'finance_bureau');
  await f.fileCard(CITY, 'finance_bureau');
  await f.fileCard(FUTIAN, 'finance_bureau', 'SZ-FT');
});

afterAll(async () => {
  await f?.database.drop();
});

describe('a refund split by the receipt’s sharing (R33(2))', () => {
  it('takes each level’s share from the account the receipt credited, pays it out through clearing, and registers it', async () => {
    expect(await f.receipt('vat-1')).toEqual([
      { level: 'central', amount: '50.01', accountNumber: '101101', treasuryId: 'SZ' },
      { level: 'municipal', amount: '25.00', accountNumber: '201103', treasuryId: 'SZ' },
      { level: 'district', amount: '25.00', accountNumber: '104100', treasuryId: 'SZ-FT' },
    ]);
    const accounts = ['101101', '201103', '104100', '105100'];
    const before = await Promise.all(accounts.map((a) => f.balance('SZ', a)));

    const entered = await enterRefund(refund('vat-1'));
    expect(entered.route).toEqual(['review', 'key_element_audit', 'supervisor_approval']);
    const done = await f.approve(entered);
    expect(done.status).toBe('executed');

    const after = await Promise.all(accounts.map((a) => f.balance('SZ', a)));
    // 40.00 × 50.01/100.01 = 20.0019…, × 25/100.01 = 9.999… twice: the two spare fens to the two largest fractions.
    expect(after.map((balance, i) => parseAmount(balance).minus(before[i]!).toFixed(2))).toEqual(['-20.00', '-10.00', '10.00', '-40.00']);
    const registered = await f.refunds.get(f.person('clerk', 'voucher_clerk'), done.result!['refundId']!);
    expect(registered).toMatchObject({
      treasuryId: 'SZ',
      receipt: { authorityCode: TAX_BUREAU, messageId: 'vat-1' },
      exportPlanReference: null,
      amount: '40.00',
      voucherId: done.result!['voucherId'],
      approvalRequestId: done.id,
      parts: [
        { level: 'central', amount: '20.00', accountNumber: '101101', treasuryId: 'SZ' },
        { level: 'municipal', amount: '10.00', accountNumber: '201103', treasuryId: 'SZ' },
        { level: 'district', amount: '10.00', accountNumber: '104100', treasuryId: 'SZ-FT' },
      ],
    });
    const voucher = await f.ledger.vouchers.get('SZ', done.result!['voucherId']!);
    expect(voucher).toMatchObject({ checkerId: 'supervisor-SZ', approvalRequestId: done.id });
  });

  it('refunds what is left of a receipt exactly, and nothing beyond it (REFUND_EXCEEDS_RECEIPT)', async () => {
    await f.receipt('vat-2');
    await approvedRefund(refund('vat-2', { amount: '60.00' }));
    expect(await refusalOf(enterRefund(refund('vat-2', { amount: '40.02' })))).toMatchObject({ reason: 'REFUND_EXCEEDS_RECEIPT', details: { remaining: '40.01' } });
    const last = await approvedRefund(refund('vat-2', { amount: '40.01' }));
    const parts = (await f.refunds.get(f.person('clerk', 'voucher_clerk'), last.result!['refundId']!)).parts.map((p) => p.amount);
    // 60.00 took 30.00 / 15.00 / 15.00: the rest is 20.01 / 10.00 / 10.00, and every level has given back exactly its part.
    expect(parts).toEqual(['20.01', '10.00', '10.00']);
  });

  it('lets only one of two refunds approved at once take what is left of the receipt', async () => {
    await f.receipt('vat-3');
    const requests = await Promise.all([1, 2].map(async () => f.approve(await enterRefund(refund('vat-3', { amount: '60.00' })), 'supervisor_approval')));
    // Both pass their checks at entry; their final approvals run at the same time.
    const outcomes = await Promise.allSettled(requests.map((request) => f.approve(request)));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value.status : (o.reason as { reason: string }).reason)).sort()).toEqual(['REFUND_EXCEEDS_RECEIPT', 'executed']);
    const [row] = await f.database.sql<{ total: string }[]>`
      select sum(amount)::text as total from refunds.refunds where receipt_message_id = 'vat-3'`;
    expect(row!.total).toBe('60.00');
    const refused = requests[outcomes.findIndex((o) => o.status === 'rejected')]!;
    expect((await f.approvals.get(f.person('clerk', 'voucher_clerk'), refused.id)).nextStep).toBe('supervisor_approval');
  });

  it('refunds a sub-treasury’s own revenue approved by its district’s finance bureau (R33(7))', async () => {
    await f.receipt('fee-1', { revenueCode: '10304', designation: 'district', amount: '88.00' }, 'SZ-FT');
    const before = await f.balance('SZ-FT', '201104');
    const done = await approvedRefund(refund('fee-1', { approvingAuthorityCode: FUTIAN, approvingAuthorityKind: 'district_finance_bureau', amount: '88.00' }), 'SZ-FT');
    expect(done.status).toBe('executed');
    expect(parseAmount(before).minus(await f.balance('SZ-FT', '201104')).toFixed(2)).toBe('88.00');
  });

  it('checks an electronically sealed approval at entry and again at the final approval, from what was stored', async () => {
    const keys = { unit: generateSealKeyPair('sm2_sm3'), representative: generateSealKeyPair('sm2_sm3') };
    const unitId = 'TAX-E';
    await f.approve(
      await f.enter(
        'specimen_card_new',
        {
          unitId,
          unitKind: 'tax_bureau',
          unitName: '电子退库税务局',
          effectiveFrom: f.today,
          unitSeal: { imprint: 'TAX-E 公章', publicKey: keys.unit.publicKeySpki.toString('base64') },
          representativeName: '李四',
          representativeRole: 'legal_representative',
          representativeSeal: { imprint: 'TAX-E 名章', publicKey: keys.representative.publicKeySpki.toString('base64') },
          documents: ['application', 'representative_certificate', 'specimen_card', 'introduction_letter'].map((kind) => ({ kind, reference: `${unitId}/${kind}` })),
          unitSealDated: false,
        },
        f.person('refunds-SZ', 'fiscal_refund_operator'),
      ),
    );
    const content = Buffer.from('电子退库批复 vat-e 40.00');
    const sign = (pair: SealKeyPair) =>
      signSeal({ version: SEAL_SIGNATURE_VERSION, sealId: unitId, signedAt: new Date(), dataHash: contentHash(content), documentReference: 'vat-e', signerUserId: unitId }, 'sm2_sm3', pair.privateKeyPkcs8);
    const electronic = { $case: 'electronic', value: { content, unitSignature: sign(keys.unit), representativeSignature: sign(keys.representative) } };
    // The tax bureau approves refunds of what it collected only: this receipt was collected by TAX-E.
    await f.receipt('vat-e2', { authorityCode: unitId });
    const payload = refund('vat-e2', { original: { $case: 'receipt', value: { authorityCode: unitId, messageId: 'vat-e2' } }, approvingAuthorityCode: unitId, presented: electronic });
    const entered = await enterRefund(payload);
    expect(entered.payload).toMatchObject({ presented: { $case: 'electronic', value: { storedAsBase64: { content: content.toString('base64') } } } });
    expect((await f.approve(entered)).status).toBe('executed');

    const forged = { ...electronic, value: { ...electronic.value, unitSignature: sign(generateSealKeyPair('sm2_sm3')) } };
    expect(await refusalOf(enterRefund({ ...payload, presented: forged, refundVoucherNumber: 'TH-forged' }))).toMatchObject({ reason: 'SEAL_MISMATCH' });
  });

  it('returns an export tax refund by plan from the central revenue account, approved by the tax authority (R33(4))', async () => {
    const before = await f.balance('SZ', '101101');
    const done = await approvedRefund(refund('none', { original: { $case: 'exportPlanReference', value: '出口退税计划 2026-11' }, payeeName: '深圳某出口企业', payeeAccount: '4403019999' }));
    expect(parseAmount(before).minus(await f.balance('SZ', '101101')).toFixed(2)).toBe('40.00');
    expect(await f.refunds.get(f.person('clerk', 'voucher_clerk'), done.result!['refundId']!)).toMatchObject({ receipt: null, exportPlanReference: '出口退税计划 2026-11' });
  });
});

describe('refusals of R33–R34: each with its reason, nothing entered or posted', () => {
  beforeAll(async () => {
    await f.receipt('vat-r');
    await f.receipt('city-r', { revenueCode: '10304', designation: 'municipal', region: '440300' });
  });

  const cases: [string, string, () => Record<string, unknown>][] = [
    ['R34(1): a finance bureau for shared revenue', 'UNAUTHORIZED_APPROVER', () => refund('vat-r', { approvingAuthorityCode: CITY, approvingAuthorityKind: 'municipal_finance_bureau' })],
    ['R33(1): a tax bureau for what another collected', 'UNAUTHORIZED_APPROVER', () => refund('vat-r', { approvingAuthorityCode: MOF })],
    ['R34(3): a payee who is not the payer', 'PAYEE_NOT_APPLICANT', () => refund('vat-r', { payeeAccount: '6222000011112222' })],
    ['R34(4): a telephone call', 'VERBAL_REQUEST', () => refund('vat-r', { requestForm: 'telephone' })],
    ['R34(5): no approval document', 'MISSING_DOCUMENTS', () => refund('vat-r', { approvalDocument: '' })],
    ['R34(5): no original receipt', 'MISSING_DOCUMENTS', () => refund('vat-r', { original: undefined })],
    ['R34(6): a bank code that is none', 'BAD_VOUCHER_ELEMENTS', () => refund('vat-r', { bankCode: '1025' })],
    ['R34(7): no seal', 'SEAL_MISSING', () => refund('vat-r', { presented: undefined })],
    ['R34(7): a seal not the specimen', 'SEAL_MISMATCH', () => refund('vat-r', { presented: paper('FB-000000') })],
    ['R34(7): an authority without a card', 'NO_SPECIMEN_CARD', () => refund('vat-r', { approvingAuthorityCode: 'MOF-XX', approvingAuthorityKind: 'mof_office', presented: paper('MOF-XX') })],
    ['R34(8): copies that disagree', 'COPIES_DISAGREE', () => refund('vat-r', { copyAmounts: ['40.00', '4.00'] })],
    ['R34(10): a card of another kind than the authority named', 'UNAUTHORIZED_APPROVER', () => refund('vat-r', { approvingAuthorityKind: 'mof_office' })],
    ['R33: more than the receipt', 'REFUND_EXCEEDS_RECEIPT', () => refund('vat-r', { amount: '100.02' })],
    ['R33(7): a district bureau’s approval at the branch', 'AUTHORITY_NOT_TAKEN_HERE', () => refund('city-r', { approvingAuthorityCode: FUTIAN, approvingAuthorityKind: 'district_finance_bureau' })],
  ];

  it.each(cases)('%s → %s', async (_, reason, payload) => {
    const before = await f.writes();
    expect(await refusalOf(enterRefund(payload()))).toMatchObject({ reason });
    expect(await f.writes()).toEqual(before);
  });

  it('refuses at a sub-treasury what the branch takes: a refund approved by the Ministry’s office (R33(7))', async () => {
    await f.receipt('fee-mof', { revenueCode: '10304', designation: 'central', amount: '12.00' }, 'SZ-FT');
    expect(await refusalOf(enterRefund(refund('fee-mof', { approvingAuthorityCode: MOF, approvingAuthorityKind: 'mof_office' }), 'SZ-FT'))).toMatchObject({
      reason: 'AUTHORITY_NOT_TAKEN_HERE',
    });
  });

  it('refuses the district bureau for revenue of an upper level at its own sub-treasury (R34(1)–(2))', async () => {
    const futian = { approvingAuthorityCode: FUTIAN, approvingAuthorityKind: 'district_finance_bureau' };
    expect(await refusalOf(enterRefund(refund('fee-mof', futian), 'SZ-FT'))).toMatchObject({ reason: 'UNAUTHORIZED_APPROVER', details: { article: 'R34(1)' } });
    await f.receipt('fee-city', { revenueCode: '10304', designation: 'municipal', amount: '12.00' }, 'SZ-FT');
    expect(await refusalOf(enterRefund(refund('fee-city', futian), 'SZ-FT'))).toMatchObject({ reason: 'UNAUTHORIZED_APPROVER', details: { article: 'R34(2)' } });
  });

  it('refunds a receipt where it was booked, and a refund voucher once', async () => {
    expect(await refusalOf(enterRefund(refund('fee-mof')))).toMatchObject({ reason: 'RECEIPT_OF_OTHER_TREASURY' });
    await f.receipt('vat-once');
    const once = refund('vat-once', { amount: '1.00' });
    await approvedRefund(once);
    expect(await refusalOf(enterRefund({ ...once }))).toMatchObject({ kind: 'already_exists', reason: 'REFUND_ALREADY_MADE' });
  });

  it('refuses at the final approval a refund the level’s balance no longer covers, posting nothing (R33(6), R34(9))', async () => {
    await f.receipt('city-b', { revenueCode: '10304', designation: 'municipal', region: '440300', amount: '30.00' });
    const entered = await enterRefund(refund('city-b', { amount: '30.00' }));
    // The municipal deposit is spent meanwhile, down to 10.00.
    const spend = async (amount: string, out: boolean) => {
      const money = parseAmount(amount);
      await f.database.sql.begin((tx) =>
        f.ledger.postWithin(tx, systemActor('test', 'SZ'), [
          {
            treasuryId: 'SZ',
            purpose: `spend-${amount}-${out}`,
            draft: {
              kind: 'ordinary',
              summary: out ? '拨付' : '退回',
              documents: [{ kind: 'form', reference: 'spend' }],
              lines: [
                { accountNumber: '201103', side: out ? 'debit' : 'credit', amount: money, fiscalLevel: null, classificationCode: null },
                { accountNumber: '105100', side: out ? 'credit' : 'debit', amount: money, fiscalLevel: null, classificationCode: null },
              ],
            },
          },
        ]),
      );
    };
    const spent = parseAmount(await f.balance('SZ', '201103')).minus(10).toFixed(2);
    await spend(spent, true);
    const before = await f.writes();
    expect(await refusalOf(f.approve(entered))).toMatchObject({ kind: 'failed_precondition', reason: 'INSUFFICIENT_BALANCE', details: { account: '201103', level: 'municipal', available: '10.00' } });
    expect(await f.writes()).toEqual(before);
    expect((await f.approvals.get(f.person('clerk', 'voucher_clerk'), entered.id)).nextStep).toBe('supervisor_approval');
    await spend(spent, false);
  });
});

describe('the register and the authority matrix', () => {
  it('lists a day’s refunds of a treasury, to its people and the branch’s, and no one else', async () => {
    const branch = f.person('clerk', 'voucher_clerk');
    expect((await f.refunds.ofDay(branch, 'SZ-FT', f.today)).map((r) => r.receipt?.messageId)).toEqual(['fee-1']);
    expect(await refusalOf(f.refunds.ofDay(f.person('lg-clerk', 'voucher_clerk', 'SZ-LG'), 'SZ', f.today))).toMatchObject({ reason: 'OTHER_TREASURY' });
    const [first] = await f.refunds.ofDay(branch, 'SZ', f.today);
    expect(await refusalOf(f.refunds.get(f.person('ft-clerk', 'voucher_clerk', 'SZ-FT'), first!.id))).toMatchObject({ reason: 'REFUND_NOT_FOUND' });
  });

  it('keeps the register append-only', async () => {
    await expect(f.database.sql`update refunds.refunds set amount = 1`).rejects.toThrow(/append-only/);
    await expect(f.database.sql`delete from refunds.refunds`).rejects.toThrow(/append-only/);
  });

  it('answers the matrix with names and card kinds', async () => {
    const matrix = await f.refunds.authorities(f.person('clerk', 'voucher_clerk'));
    expect(matrix.find((cell) => cell.authority === 'mof_office')).toMatchObject({ name: '财政部驻深圳监管局', unitKind: 'finance_bureau', revenueLevel: 'central', treasury: 'branch' });
  });
});
