import { credentials, status, type Metadata } from '@grpc/grpc-js';
import { treasuryDate } from '@jinku/kernel';
import { createLedger } from '@jinku/ledger';
import { approvalsV1, correctionsV1, revenueV1 } from '@jinku/proto';
import { createRevenue } from '@jinku/revenue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startHarness, valueOf, type Harness } from './testing/harness';

/**
 * Corrections of budget revenue (更正/调库, R40–R45) end to end: a receipt from the link, the collecting tax
 * bureau's sealed notice entered by the income operator and reviewed, the red and blue vouchers read back from
 * CorrectionService and the day's revenue report; the treasury's own error goes on to the supervisor.
 */
let harness: Harness;
let approvals: approvalsV1.ApprovalsServiceClient;
let revenue: revenueV1.RevenueServiceClient;
let corrections: correctionsV1.CorrectionServiceClient;
const people: Record<'admin' | 'income' | 'reviewer' | 'supervisor' | 'futian', Metadata> = {} as never;
let link: Metadata;

const TAX = '14403000000';
let requests = 0;

const approve = (metadata: Metadata, requestId: string) =>
  call(approvals.actOnRequest.bind(approvals), { requestId, decision: approvalsV1.Decision.DECISION_APPROVE, comment: 'ok', keyElements: undefined }, metadata);
const submit = (metadata: Metadata, operation: approvalsV1.Operation['operation']) =>
  call(approvals.submitRequest.bind(approvals), { treasuryId: 'SZ', idempotencyKey: `corrections-test-${++requests}`, documents: [], operation: { operation } }, metadata);
async function approved(metadata: Metadata, operation: approvalsV1.Operation['operation']) {
  const entered = valueOf(await submit(metadata, operation));
  for (const checker of [people.reviewer, people.supervisor]) valueOf(await approve(checker, entered.requestId));
}

const receipt = async (messageId: string) => {
  const receipts = [{ authorityCode: TAX, messageId, revenueCode: '1010101', designation: 'shared', region: '440304', payerName: '深圳某公司', payerAccount: '4403010000123456', amount: '100.00', collectionDate: harness.firstDay }];
  const [result] = valueOf(await call(revenue.submitReceipts.bind(revenue), { receipts }, link)).results;
  expect(result?.outcome?.$case).toBe('accepted');
};

/** The tax bureau's notice: 40.00 of `messageId` was enterprise income tax, not VAT. */
const correction = (messageId: string, overrides: Partial<correctionsV1.RevenueCorrection> = {}): approvalsV1.Operation['operation'] => ({
  $case: 'revenueCorrection',
  value: correctionsV1.RevenueCorrection.fromPartial({
    kind: 'correction',
    origin: 'counterparty',
    authorityCode: TAX,
    authorityKind: 'tax_bureau',
    noticeNumber: `GZ-${++requests}`,
    noticeDate: treasuryDate(),
    reason: '税目填错',
    requestForm: 'written',
    documents: [{ kind: 'basis', reference: '深税更正函' }],
    items: [{ receiptAuthorityCode: TAX, receiptMessageId: messageId, fromRevenueCode: '1010101', amount: '40.00', revenueCode: '10104', designation: 'shared', region: '' }],
    presented: { $case: 'paper', value: { unitImprint: `${TAX} 公章`, representativeImprint: `${TAX} 名章` } },
    ...overrides,
  }),
});
const writes = async () =>
  (await harness.database.sql<{ n: string }[]>`
    select concat_ws('/', (select count(*) from ledger.vouchers), (select count(*) from corrections.corrections), (select count(*) from revenue.adjustments)) as n`)[0]!.n;

beforeAll(async () => {
  harness = await startHarness();
  people.admin = await harness.personWith('sz.admin', ['system_admin']);
  people.income = await harness.personWith('sz.income', ['income_operator']);
  people.reviewer = await harness.personWith('sz.reviewer', ['reviewer']);
  people.supervisor = await harness.personWith('sz.supervisor', ['accounting_supervisor']);
  people.futian = await harness.personWith('sz-ft.reviewer', ['reviewer'], 'SZ-FT');
  link = await harness.machineWith('sz.tips', ['receipt_posting']);
  approvals = new approvalsV1.ApprovalsServiceClient(harness.address, credentials.createInsecure());
  revenue = new revenueV1.RevenueServiceClient(harness.address, credentials.createInsecure());
  corrections = new correctionsV1.CorrectionServiceClient(harness.address, credentials.createInsecure());
  await createRevenue(harness.database, createLedger(harness.database)).defineRegions([{ region: '440304', treasuryId: 'SZ-FT', name: '福田区' }]);
  const shares = (...pairs: [string, string][]) => pairs.map(([level, percent]) => ({ level, percent }));
  for (const [revenueCode, split] of [
    ['1010101', shares(['central', '50'], ['municipal', '25'], ['district', '25'])],
    ['10104', shares(['central', '60'], ['municipal', '20'], ['district', '20'])],
  ] as const) {
    await approved(people.admin, { $case: 'sharingRuleChange', value: { revenueCode, region: '', effectiveFrom: harness.firstDay, shares: [...split] } });
  }
  await approved(people.income, {
    $case: 'specimenCardNew',
    value: {
      unitId: TAX,
      unitKind: 'tax_bureau',
      unitName: '国家税务总局深圳市税务局',
      effectiveFrom: treasuryDate(),
      unitSeal: { imprint: `${TAX} 公章`, publicKey: '' },
      representativeName: '张三',
      representativeRole: 'legal_representative',
      representativeSeal: { imprint: `${TAX} 名章`, publicKey: '' },
      documents: ['application', 'representative_certificate', 'specimen_card', 'introduction_letter'].map((kind) => ({ kind, reference: `${TAX}/${kind}` })),
      unitSealDated: false,
    },
  });
});

afterAll(async () => {
  approvals?.close();
  revenue?.close();
  corrections?.close();
  await harness?.stop();
});

describe('a correction through approvals (R40–R45)', () => {
  it('moves the revenue after review alone, red and blue on the current day, and reports it under the right code', async () => {
    await receipt('g-1');
    const entered = valueOf(await submit(people.income, correction('g-1')));
    expect(entered).toMatchObject({ kind: 'revenue_correction', route: ['review'], amount: '40.00' });
    const done = valueOf(await approve(people.reviewer, entered.requestId));
    expect(done.status).toBe('executed');

    const made = valueOf(await call(corrections.getCorrection.bind(corrections), { correctionId: done.result['correctionId']! }, people.reviewer));
    expect(made).toMatchObject({ treasuryId: 'SZ', businessDate: harness.firstDay, kind: 'correction', origin: 'counterparty', total: '40.00', approvalRequestId: entered.requestId });
    expect(made.items[0]!.red.map((p) => `${p.level} ${p.amount}`)).toEqual(['central 20.00', 'municipal 10.00', 'district 10.00']);
    expect(made.items[0]!.blue.map((p) => `${p.level} ${p.revenueCode} ${p.amount}`)).toEqual(['central 10104 24.00', 'municipal 10104 8.00', 'district 10104 8.00']);
    const day = valueOf(await call(corrections.listCorrections.bind(corrections), { treasuryId: 'SZ', businessDate: harness.firstDay }, people.reviewer));
    expect(day.corrections.map((c) => c.correctionId)).toEqual([made.correctionId]);

    const report = valueOf(
      await call(revenue.getRevenueReport.bind(revenue), { treasuryId: 'SZ', period: revenueV1.ReportPeriod.REPORT_PERIOD_DAY, date: harness.firstDay }, people.supervisor),
    );
    expect(report.total).toBe('100.00');
    expect(report.lines.filter((l) => l.revenueCode === '10104').map((l) => `${l.level} ${l.amount}`)).toEqual(['central 24.00', 'municipal 8.00', 'district 8.00']);
    expect(report.lines.filter((l) => l.revenueCode === '1010101').map((l) => `${l.level} ${l.amount}`)).toEqual(['central 30.00', 'municipal 15.00', 'district 15.00']);
  });

  it('takes the treasury’s own error on to the supervisor (R40)', async () => {
    await receipt('g-2');
    const own = correction('g-2', { origin: 'treasury', authorityCode: '', authorityKind: '', presented: undefined, documents: [{ kind: 'explanation', reference: '错账说明' }] });
    const entered = valueOf(await submit(people.income, own));
    expect(entered.route).toEqual(['review', 'supervisor_approval']);
    valueOf(await approve(people.reviewer, entered.requestId));
    expect(valueOf(await approve(people.supervisor, entered.requestId)).status).toBe('executed');
  });

  it('refuses a notice given by telephone with its own reason, writing nothing (R45(5))', async () => {
    await receipt('g-3');
    const before = await writes();
    expect(await submit(people.income, correction('g-3', { requestForm: 'telephone' }))).toMatchObject({ ok: false, code: status.FAILED_PRECONDITION, reason: 'VERBAL_REQUEST' });
    expect(await writes()).toBe(before);
  });

  it('keeps a branch’s corrections from a sub-treasury’s people', async () => {
    const [row] = await harness.database.sql<{ id: string }[]>`select min(id)::text as id from corrections.corrections`;
    expect(await call(corrections.getCorrection.bind(corrections), { correctionId: row!.id }, people.futian)).toMatchObject({ ok: false, code: status.NOT_FOUND, reason: 'CORRECTION_NOT_FOUND' });
  });
});
