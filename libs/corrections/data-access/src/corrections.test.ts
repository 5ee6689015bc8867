import { createRevenueReports } from '@jinku/revenue';
import { parseAmount, type Actor } from '@jinku/kernel';
import { refusalOf } from '@jinku/kernel/testing';
import { PAYER, refundFixture, TAX_BUREAU, type RefundFixture } from '@jinku/refunds/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revenueCorrectionAction } from './correction-action';
import { createCorrections, type Corrections } from './corrections';
import { correctionsMigrations } from './migrations';

let f: RefundFixture;
let corrections: Corrections;
let notices = 0;
const CITY = 'FB-440300';
const OTHER_TAX = '14403000099';
/** The books of SZ: central revenue, the municipal deposit, the inter-treasury account (SZ-FT's district parts), clearing. */
const ACCOUNTS = ['101101', '201103', '104100', '105100'];

const paper = (unitId: string) => ({ $case: 'paper', value: { unitImprint: `${unitId} 公章`, representativeImprint: `${unitId} 名章` } });
const item = (messageId: string, overrides: Record<string, unknown> = {}) => ({
  receiptAuthorityCode: TAX_BUREAU,
  receiptMessageId: messageId,
  fromRevenueCode: '1010101',
  amount: '40.00',
  revenueCode: '10104',
  designation: 'shared',
  region: '',
  ...overrides,
});
/** The collecting tax bureau's notice moving 40.00 of `messageId` from VAT to enterprise income tax, sealed on paper. */
const notice = (messageId: string, overrides: Record<string, unknown> = {}) => {
  const authority = (overrides['authorityCode'] as string | undefined) ?? TAX_BUREAU;
  return {
    kind: 'correction',
    origin: 'counterparty',
    authorityCode: authority,
    authorityKind: 'tax_bureau',
    noticeNumber: `GZ-${++notices}`,
    noticeDate: f.today,
    reason: '税目填错',
    requestForm: 'written',
    documents: [{ kind: 'basis', reference: '深税更正函' }],
    items: [item(messageId)],
    copyTotals: ['40.00'],
    presented: paper(authority),
    ...overrides,
  };
};
const operator = () => f.person('income-SZ', 'income_operator');
const enter = (payload: unknown) => f.enter('revenue_correction', payload, operator());
const approved = async (payload: unknown) => f.approve(await enter(payload));
const balances = () => Promise.all(ACCOUNTS.map((account) => f.balance('SZ', account)));
const moved = (before: string[], after: string[]) => after.map((balance, i) => parseAmount(balance).minus(before[i]!).toFixed(2));
const reader = (): Actor => f.person('clerk', 'voucher_clerk');
const writes = async () => {
  const [row] = await f.database.sql<{ n: string }[]>`
    select concat_ws('/', (select count(*) from approvals.requests), (select count(*) from ledger.vouchers),
      (select count(*) from corrections.corrections), (select count(*) from revenue.adjustments)) as n`;
  return row!.n;
};

beforeAll(async () => {
  f = await refundFixture({
    migrations: [correctionsMigrations],
    actions: ({ database, ledger, revenue, specimens, today }) => [revenueCorrectionAction({ database, ledger, revenue, specimens, today })],
  });
  corrections = createCorrections(f.database);
  await f.fileCard(TAX_BUREAU, 'tax_bureau');
  await f.fileCard(OTHER_TAX, 'tax_bureau');
  await f.fileCard(CITY, 'finance_bureau');
  // Enterprise income tax shared 60/20/20 between the centre, the city and the district (an approved parameter).
  const eit = { revenueCode: '10104', region: '', effectiveFrom: f.today, shares: [{ level: 'central', percent: '60' }, { level: 'municipal', percent: '20' }, { level: 'district', percent: '20' }] };
  await f.approve(await f.enter('sharing_rule_change', eit, f.person('admin', 'system_admin')));
});

afterAll(async () => {
  await f?.database.drop();
});

describe('a counterparty’s correction (R40, R42)', () => {
  it('takes the wrong part back in red and posts it right in blue on the current day, both linked to the receipt, after review alone', async () => {
    await f.receipt('c-1');
    const before = await balances();
    const entered = await enter(notice('c-1'));
    expect(entered.route).toEqual(['review']);
    const done = await f.approve(entered);
    expect(done.status).toBe('executed');

    // Red 40.00 of VAT by what each level holds (50.01/25/25 of 100.01: 20.00/10.00/10.00), blue by EIT's 60/20/20;
    // the district's part waits for SZ-FT on the inter-treasury account, debit-normal: 2.00 less is owed there.
    expect(moved(before, await balances())).toEqual(['4.00', '-2.00', '2.00', '0.00']);
    const correction = await corrections.get(reader(), done.result!['correctionId']!);
    expect(correction).toMatchObject({ treasuryId: 'SZ', kind: 'correction', origin: 'counterparty', authorityCode: TAX_BUREAU, total: '40.00', approvalRequestId: done.id });
    const [corrected] = correction.items;
    expect(corrected!.red.map((p) => `${p.level} ${p.revenueCode} ${p.amount}`)).toEqual(['central 1010101 20.00', 'municipal 1010101 10.00', 'district 1010101 10.00']);
    expect(corrected!.blue.map((p) => `${p.level} ${p.revenueCode} ${p.amount}`)).toEqual(['central 10104 24.00', 'municipal 10104 8.00', 'district 10104 8.00']);

    const receiptVoucher = (await f.revenue.getReceipt(reader(), TAX_BUREAU, 'c-1')).voucherId;
    const red = await f.ledger.vouchers.get('SZ', corrected!.redVoucherId);
    const blue = await f.ledger.vouchers.get('SZ', corrected!.blueVoucherId);
    expect(red).toMatchObject({ kind: 'reversal', correctsVoucherId: receiptVoucher, businessDate: f.today, checkerId: 'reviewer-SZ', approvalRequestId: done.id });
    expect(blue).toMatchObject({ kind: 'correction', correctsVoucherId: receiptVoucher, businessDate: f.today });
    expect(red.lines.every((line) => line.amount.isNegative())).toBe(true);
  });

  it('reports the day with the red and the blue, the total unchanged, and remits the district’s net part', async () => {
    const reports = createRevenueReports(f.database, f.ledger);
    const supervisor = f.person('supervisor-SZ', 'accounting_supervisor');
    const before = await reports.report(supervisor, { treasuryId: 'SZ', period: 'day', date: f.today });
    await f.receipt('c-2');
    await approved(notice('c-2', { items: [item('c-2', { amount: '100.01', designation: 'central' })], copyTotals: [] }));
    const after = await reports.report(supervisor, { treasuryId: 'SZ', period: 'day', date: f.today });
    expect(parseAmount(after.total).minus(before.total).toFixed(2)).toBe('100.01');
    const line = (report: typeof after, level: string, code: string) => report.lines.find((l) => l.level === level && l.revenueCode === code)?.amount ?? '0.00';
    // The receipt's VAT parts came and went; all of it now stands as central enterprise income tax.
    expect(parseAmount(line(after, 'central', '10104')).minus(line(before, 'central', '10104')).toFixed(2)).toBe('100.01');
    expect(line(after, 'district', '1010101')).toBe(line(before, 'district', '1010101'));

    const remitted = await f.revenue.remit(supervisor, 'SZ');
    const district = remitted.find((r) => r.toTreasuryId === 'SZ-FT' && r.level === 'district')!;
    // c-1 left the district 10.00 − 10.00 + 8.00; c-2 gave 25.00 and took it back: 8.00 of VAT-turned-EIT, plus earlier receipts' 25.00 each.
    const [row] = await f.database.sql<{ owed: string }[]>`
      select (coalesce((select sum((p->>'amount')::numeric) from revenue.receipts r cross join lateral jsonb_array_elements(r.parts) p
                         where r.treasury_id = 'SZ' and p->>'treasuryId' = 'SZ-FT'), 0)
            + coalesce((select sum(amount) from revenue.adjustments where treasury_id = 'SZ' and keeper_treasury_id = 'SZ-FT'), 0))::text as owed`;
    expect(district.amount).toBe(row!.owed);
  });

  it('refunds a corrected receipt from where its revenue stands now (R33(2))', async () => {
    await f.receipt('c-3');
    await approved(notice('c-3', { items: [item('c-3', { amount: '100.01' })], copyTotals: [] }));
    const refund = await f.approve(
      await f.enter(
        'revenue_refund',
        {
          original: { $case: 'receipt', value: { authorityCode: TAX_BUREAU, messageId: 'c-3' } },
          approvingAuthorityCode: TAX_BUREAU,
          approvingAuthorityKind: 'tax_bureau',
          approvalDocument: '退库批复 c-3',
          approvalDate: f.today,
          refundVoucherNumber: 'TH-c-3',
          applicationReference: 'SQ-c-3',
          payeeName: PAYER.payerName,
          payeeAccount: PAYER.payerAccount,
          bankCode: '102584000002',
          amount: '10.00',
          reason: '多缴',
          requestForm: 'written',
          presented: paper(TAX_BUREAU),
          copyAmounts: [],
        },
        f.person('refunds', 'fiscal_refund_operator'),
      ),
    );
    const parts = (await f.refunds.get(reader(), refund.result!['refundId']!)).parts;
    expect(parts.map((p) => `${p.level} ${p.revenueCode} ${p.amount}`)).toEqual(['central 10104 6.00', 'municipal 10104 2.00', 'district 10104 2.00']);
  });

  it('moves part of a receipt a second time, from the code an earlier correction put it under', async () => {
    await f.receipt('c-4');
    await approved(notice('c-4'));
    const second = await approved(notice('c-4', { items: [item('c-4', { fromRevenueCode: '10104', amount: '20.00', revenueCode: '1010101' })], copyTotals: [] }));
    const [corrected] = (await corrections.get(reader(), second.result!['correctionId']!)).items;
    expect(corrected!.red.map((p) => p.amount)).toEqual(['12.00', '4.00', '4.00']);
    expect(await refusalOf(enter(notice('c-4', { items: [item('c-4', { fromRevenueCode: '10104', amount: '20.01' })], copyTotals: [] })))).toMatchObject({
      reason: 'CORRECTION_EXCEEDS_RECEIPT',
      details: { remaining: '20.00' },
    });
  });

  it('takes back a level the receipt never had, once a correction gave it one', async () => {
    await f.receipt('c-5', { revenueCode: '10304', designation: 'municipal', amount: '50.00' });
    await approved(notice('c-5', { items: [item('c-5', { fromRevenueCode: '10304', amount: '50.00' })], copyTotals: [] }));
    const back = await approved(notice('c-5', { items: [item('c-5', { fromRevenueCode: '10104', amount: '50.00', revenueCode: '10304', designation: 'municipal' })], copyTotals: [] }));
    expect(back.status).toBe('executed');
    const standing = await f.database.sql<{ code: string; level: string; amount: string }[]>`
      select revenue_code as code, level, sum(amount)::text as amount from revenue.adjustments
      where receipt_message_id = 'c-5' group by 1, 2 having sum(amount) <> 0`;
    // Back where it was: the two corrections net to nothing, level by level and code by code.
    expect(standing).toEqual([]);
  });
});

describe('the treasury’s own error (R40)', () => {
  it('goes to the accounting supervisor after review, without a seal', async () => {
    await f.receipt('t-1');
    const entered = await enter(notice('t-1', { origin: 'treasury', authorityCode: '', authorityKind: '', presented: null, documents: [{ kind: 'explanation', reference: '错账说明 t-1' }] }));
    expect(entered.route).toEqual(['review', 'supervisor_approval']);
    const done = await f.approve(entered);
    expect(done.status).toBe('executed');
    expect(await corrections.get(reader(), done.result!['correctionId']!)).toMatchObject({ origin: 'treasury', authorityCode: 'SZ', authorityKind: 'treasury' });
  });

  it('is never a reallocation (R43)', async () => {
    await f.receipt('t-2');
    const payload = notice('t-2', { kind: 'reallocation', origin: 'treasury', authorityCode: '', authorityKind: '', presented: null });
    expect(await refusalOf(enter(payload))).toMatchObject({ reason: 'UNAUTHORIZED_REQUESTER' });
  });
});

describe('every refusal of R45 is its own reason, and leaves nothing behind', () => {
  beforeAll(async () => {
    await f.receipt('r-1');
    await f.receipt('r-2', { revenueCode: '10304', designation: 'municipal', amount: '50.00' });
  });

  it.each([
    ['R45(1) documents missing', 'MISSING_DOCUMENTS', () => notice('r-1', { documents: [] })],
    ['R45(2) a city bureau on shared revenue', 'NOT_AUTHORIZED_FOR_CENTRAL', () => notice('r-1', { authorityCode: CITY, authorityKind: 'municipal_finance_bureau' })],
    [
      'R45(3) a district bureau on the city’s revenue',
      'NOT_AUTHORIZED_FOR_UPPER_LEVEL',
      () => notice('r-2', { authorityCode: CITY, authorityKind: 'district_finance_bureau', items: [item('r-2', { fromRevenueCode: '10304', amount: '40.00', revenueCode: '10109', designation: 'municipal' })] }),
    ],
    ['R45(4) no reason', 'NO_PROPER_REASON', () => notice('r-1', { reason: '' })],
    ['R45(4) nothing to correct', 'NOTHING_TO_CORRECT', () => notice('r-1', { items: [item('r-1', { revenueCode: '1010101' })] })],
    ['R45(5) by telephone', 'VERBAL_REQUEST', () => notice('r-1', { requestForm: 'telephone' })],
    ['R45(6) no seal', 'SEAL_MISSING', () => notice('r-1', { presented: null })],
    ['R45(6) another seal', 'SEAL_MISMATCH', () => notice('r-1', { presented: paper(OTHER_TAX) })],
    ['R45(7) a malformed amount', 'BAD_VOUCHER_ELEMENTS', () => notice('r-1', { items: [item('r-1', { amount: '4.001' })] })],
    ['R45(8) copies disagree', 'COPIES_DISAGREE', () => notice('r-1', { copyTotals: ['40.00', '4.00'] })],
    ['R41 a summary without basis', 'SUMMARY_WITHOUT_BASIS', () => notice('r-1', { items: [item('r-1'), item('c-1')], documents: [{ kind: 'audit_report', reference: 'A' }], copyTotals: [] })],
    ['R40 another collector’s receipt', 'NOT_WHOSE_ERROR', () => notice('r-1', { authorityCode: OTHER_TAX })],
    ['R45(10) more than the receipt holds', 'CORRECTION_EXCEEDS_RECEIPT', () => notice('r-1', { items: [item('r-1', { amount: '100.02' })], copyTotals: [] })],
  ])('%s: %s', async (_rule, reason, payload) => {
    const before = await writes();
    expect(await refusalOf(enter(payload()))).toMatchObject({ reason });
    expect(await writes()).toBe(before);
  });

  it('R45(9): refuses at the final approval when the account it takes back from holds less that day', async () => {
    await f.receipt('r-3', { revenueCode: '10304', designation: 'municipal', amount: '30.00' });
    const request = await f.approve(await enter(notice('r-3', { authorityCode: CITY, authorityKind: 'municipal_finance_bureau', items: [item('r-3', { fromRevenueCode: '10304', amount: '30.00', revenueCode: '10109', designation: 'district' })], copyTotals: [], presented: paper(CITY) })), 'review');
    // The city's deposit is spent that day (an appropriation, in the ledger's own words).
    const held = await f.balance('SZ', '201103');
    const clerk = f.person('clerk', 'voucher_clerk');
    await f.database.sql.begin((tx) =>
      f.ledger.postWithin(tx, clerk, [
        {
          purpose: 'test:spend-municipal',
          treasuryId: 'SZ',
          draft: {
            kind: 'ordinary',
            summary: '拨款',
            documents: [{ kind: 'appropriation', reference: 'BK-1' }],
            lines: [
              { accountNumber: '201103', side: 'debit', amount: parseAmount(held).minus('10.00'), fiscalLevel: 'municipal', classificationCode: null },
              { accountNumber: '105100', side: 'credit', amount: parseAmount(held).minus('10.00'), fiscalLevel: null, classificationCode: null },
            ],
          },
        },
      ]),
    );
    const before = await writes();
    expect(await refusalOf(f.approve(request))).toMatchObject({ reason: 'INSUFFICIENT_BALANCE' });
    expect(await writes()).toBe(before);
  });

  it('acts on a notice once (CORRECTION_ALREADY_MADE)', async () => {
    await f.receipt('r-4');
    const payload = notice('r-4', { amount: '1.00', items: [item('r-4', { amount: '1.00' })], copyTotals: [] });
    await approved(payload);
    expect(await refusalOf(enter({ ...payload, items: [item('r-4', { amount: '2.00' })] }))).toMatchObject({ reason: 'CORRECTION_ALREADY_MADE' });
  });
});
