import { credentials, status, type Metadata } from '@grpc/grpc-js';
import { createLedger } from '@jinku/ledger';
import { approvalsV1, ledgerV1, revenueV1 } from '@jinku/proto';
import { parseAmount } from '@jinku/kernel';
import { createRevenue } from '@jinku/revenue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startHarness, valueOf, type Harness } from './testing/harness';

let harness: Harness;
let approvals: approvalsV1.ApprovalsServiceClient;
let revenue: revenueV1.RevenueServiceClient;
let ledger: ledgerV1.LedgerServiceClient;
const people: Record<'admin' | 'reviewer' | 'supervisor' | 'operator' | 'futian', Metadata> = {} as never;
const links: Record<'branch' | 'futian', Metadata> = {} as never;

const receipt = (messageId: string, overrides: Partial<revenueV1.Receipt> = {}): revenueV1.Receipt => ({
  authorityCode: '14403040000',
  messageId,
  revenueCode: '1010101',
  designation: 'shared',
  region: '440304',
  payerName: '深圳市福田某科技有限公司',
  payerAccount: '4403010000123456',
  amount: '100.01',
  collectionDate: harness.firstDay,
  ...overrides,
});
const submit = (metadata: Metadata, ...receipts: revenueV1.Receipt[]) => call(revenue.submitReceipts.bind(revenue), { receipts }, metadata);
const results = async (metadata: Metadata, ...receipts: revenueV1.Receipt[]) => valueOf(await submit(metadata, ...receipts)).results.map((r) => r.outcome!);
const balance = async (treasuryId: string, number: string) =>
  valueOf(await call(ledger.getAccount.bind(ledger), { treasuryId, number }, treasuryId === 'SZ' ? people.supervisor : people.futian)).balance;
const receiptRows = async () => (await harness.database.sql<{ n: number }[]>`select count(*)::int as n from revenue.receipts`)[0]!.n;

const rule = (revenueCode: string, effectiveFrom: string, shares: [string, string][]) => ({
  $case: 'sharingRuleChange' as const,
  value: { revenueCode, region: '', effectiveFrom, shares: shares.map(([level, percent]) => ({ level, percent })) },
});
const enterRule = (operation: ReturnType<typeof rule>, key: string) =>
  call(approvals.submitRequest.bind(approvals), { treasuryId: 'SZ', idempotencyKey: key, documents: [], operation: { operation } }, people.admin);

beforeAll(async () => {
  harness = await startHarness();
  people.admin = await harness.personWith('sz.admin', ['system_admin']);
  people.reviewer = await harness.personWith('sz.reviewer', ['reviewer']);
  people.supervisor = await harness.personWith('sz.supervisor', ['accounting_supervisor']);
  people.operator = await harness.personWith('sz.operator', ['income_operator']);
  people.futian = await harness.personWith('sz-ft.supervisor', ['accounting_supervisor'], 'SZ-FT');
  approvals = new approvalsV1.ApprovalsServiceClient(harness.address, credentials.createInsecure());
  revenue = new revenueV1.RevenueServiceClient(harness.address, credentials.createInsecure());
  ledger = new ledgerV1.LedgerServiceClient(harness.address, credentials.createInsecure());
  links.branch = await harness.machineWith('sz.tips', ['receipt_posting']);
  links.futian = await harness.machineWith('sz-ft.tips', ['receipt_posting'], 'SZ-FT');
  await createRevenue(harness.database, createLedger(harness.database)).defineRegions([
    { region: '440300', treasuryId: 'SZ', name: '深圳市' },
    { region: '440304', treasuryId: 'SZ-FT', name: '福田区' },
    { region: '440307', treasuryId: 'SZ-LG', name: '龙岗区' },
  ]);
  // The sharing parameters, each through review and the supervisor's approval (R19(1)).
  const vat = rule('1010101', harness.firstDay, [['central', '50'], ['municipal', '25'], ['district', '25']]);
  const fees = rule('10304', harness.firstDay, [['district', '100']]);
  for (const [operation, key] of [[vat, 'rule-vat'], [fees, 'rule-fees']] as const) {
    const entered = valueOf(await enterRule(operation, key));
    for (const checker of [people.reviewer, people.supervisor]) {
      valueOf(await call(approvals.actOnRequest.bind(approvals), { requestId: entered.requestId, decision: approvalsV1.Decision.DECISION_APPROVE, comment: 'ok', keyElements: undefined }, checker));
    }
  }
});

afterAll(async () => {
  approvals?.close();
  revenue?.close();
  ledger?.close();
  await harness?.stop();
});

describe('RevenueService: receipts divided between the fiscal levels (R31, R23)', () => {
  it('divides a shared receipt by the rule in force, to the fen, each part to its level or on its way to the district', async () => {
    const [outcome] = await results(links.branch, receipt('vat-1'));
    expect(outcome).toMatchObject({ $case: 'accepted', value: { replayed: false } });
    const parts = outcome?.$case === 'accepted' ? outcome.value.parts : [];
    // 100.01 × 50/25/25: 50.005, 25.0025, 25.0025 → the spare fen goes to the largest discarded fraction, the central part.
    expect(parts).toEqual([
      { level: 'central', amount: '50.01', accountNumber: '101101', treasuryId: 'SZ' },
      { level: 'municipal', amount: '25.00', accountNumber: '201103', treasuryId: 'SZ' },
      { level: 'district', amount: '25.00', accountNumber: '104100', treasuryId: 'SZ-FT' },
    ]);
    expect(await balance('SZ', '105100')).toBe('100.01');
    expect(await balance('SZ', '101101')).toBe('50.01');
    expect(await balance('SZ', '201103')).toBe('25.00');
  });

  it('answers each receipt of a batch on its own: the good ones post, the bad ones are refused with their reason and leave nothing', async () => {
    const before = await receiptRows();
    const outcomes = await results(
      links.branch,
      receipt('batch-good'),
      receipt('batch-no-rule', { revenueCode: '10106' }),
      receipt('batch-bad-amount', { amount: '12.345' }),
      receipt('batch-future', { collectionDate: '2026-12-31' }),
    );
    expect(outcomes.map((o) => (o.$case === 'accepted' ? 'accepted' : o.value.reason))).toEqual(['accepted', 'NO_SHARING_RULE', 'MALFORMED_AMOUNT', 'COLLECTED_AFTER_BUSINESS_DAY']);
    expect(outcomes[1]).toMatchObject({ value: { code: status.FAILED_PRECONDITION } });
    expect(await receiptRows()).toBe(before + 1);
  });

  it('answers a retry of the same message with the first result, and refuses the same message with other content', async () => {
    const [first] = await results(links.branch, receipt('retry-1'));
    const [again] = await results(links.branch, receipt('retry-1'));
    expect(again).toMatchObject({ $case: 'accepted', value: { replayed: true, voucherId: first?.$case === 'accepted' ? first.value.voucherId : 'none' } });
    const [changed] = await results(links.branch, receipt('retry-1', { amount: '999.00' }));
    expect(changed).toMatchObject({ $case: 'refused', value: { reason: 'IDEMPOTENCY_KEY_REUSED' } });
  });

  it("books tax revenue only at the branch; a sub-treasury's own non-tax revenue stays there (R23)", async () => {
    const [tax, fee] = await results(links.futian, receipt('ft-tax'), receipt('ft-fee', { revenueCode: '10304', amount: '88.00' }));
    expect(tax).toMatchObject({ $case: 'refused', value: { reason: 'TAX_REVENUE_AT_BRANCH' } });
    expect(fee).toMatchObject({ $case: 'accepted', value: { parts: [{ level: 'district', amount: '88.00', accountNumber: '201104', treasuryId: 'SZ-FT' }] } });
    expect(await balance('SZ-FT', '201104')).toBe('88.00');
  });

  it('takes receipts only from a link, never from a person', async () => {
    expect(await submit(people.operator, receipt('by-hand'))).toMatchObject({ ok: false, code: status.PERMISSION_DENIED, reason: 'POST_MAY_NOT_SUBMIT_RECEIPTS' });
  });

  it('lists the sharing parameters, and refuses one taking effect before the open business day', async () => {
    const rules = valueOf(await call(revenue.listSharingRules.bind(revenue), {}, people.operator)).rules;
    expect(rules.map((r) => [r.revenueCode, r.shares.map((s) => `${s.level}:${s.percent}`).join(' ')])).toEqual([
      ['1010101', 'central:50 municipal:25 district:25'],
      ['10304', 'district:100'],
    ]);
    expect(await enterRule(rule('10104', '2026-01-01', [['central', '60'], ['municipal', '40']]), 'rule-past')).toMatchObject({
      ok: false,
      code: status.FAILED_PRECONDITION,
      reason: 'SHARING_RULE_IN_THE_PAST',
    });
  });

  it('remits the day’s parts kept elsewhere as one transfer per treasury and level; both books agree; only then the day closes (R31, R22)', async () => {
    const close = () => call(ledger.closeBusinessDay.bind(ledger), { treasuryId: 'SZ', date: harness.firstDay }, people.supervisor);
    expect(await close()).toMatchObject({ ok: false, code: status.FAILED_PRECONDITION, reason: 'DAY_CLOSE_CHECK_FAILED' });

    const owed = (await harness.database.sql<{ amount: string }[]>`
      select coalesce(sum((p->>'amount')::numeric), 0)::text as amount from revenue.receipts r cross join lateral jsonb_array_elements(r.parts) p
      where r.treasury_id = 'SZ' and p->>'treasuryId' = 'SZ-FT'`)[0]!.amount;
    const before = { szClearing: await balance('SZ', '105100'), ftClearing: await balance('SZ-FT', '105100'), ftDistrict: await balance('SZ-FT', '201104') };
    const remit = () => call(revenue.remitRevenue.bind(revenue), { treasuryId: 'SZ' }, people.supervisor);
    expect(await call(revenue.remitRevenue.bind(revenue), { treasuryId: 'SZ' }, people.operator)).toMatchObject({ ok: false, reason: 'POST_MAY_NOT_REMIT' });
    const sent = valueOf(await remit()).remittances;
    expect(sent.map((r) => [r.fromTreasuryId, r.toTreasuryId, r.level, r.amount])).toEqual([['SZ', 'SZ-FT', 'district', owed]]);

    // The sender's inter-treasury account is square again; the money left its clearing account and arrived in the district's.
    const moved = (a: string, b: string) => parseAmount(a).minus(parseAmount(b)).toFixed(2);
    expect(await balance('SZ', '104100')).toBe('0.00');
    expect(moved(before.szClearing, await balance('SZ', '105100'))).toBe(owed);
    expect(moved(await balance('SZ-FT', '105100'), before.ftClearing)).toBe(owed);
    expect(moved(await balance('SZ-FT', '201104'), before.ftDistrict)).toBe(owed);

    expect(valueOf(await remit()).remittances).toEqual([]);
    expect(valueOf(await close()).closed).toMatchObject({ date: harness.firstDay, closed: true });
  });

  it('reports the closed day by level and code with roll-ups, final, equal to the receipts; exports xlsx and CSV', async () => {
    const request = { treasuryId: 'SZ', period: revenueV1.ReportPeriod.REPORT_PERIOD_DAY, date: harness.firstDay };
    const report = valueOf(await call(revenue.getRevenueReport.bind(revenue), request, people.supervisor));
    const [booked] = await harness.database.sql<{ total: string }[]>`select sum(amount)::text as total from revenue.receipts where treasury_id = 'SZ'`;
    expect(report).toMatchObject({ frozen: true, firstDay: harness.firstDay, lastDay: harness.firstDay, total: booked!.total });
    expect(report.lines.filter((l) => l.revenueCode === '101').map((l) => l.level)).toEqual(['central', 'municipal', 'district']);
    const xlsx = valueOf(await call(revenue.exportRevenueReport.bind(revenue), { report: request, format: revenueV1.ReportFormat.REPORT_FORMAT_XLSX }, people.supervisor));
    expect(xlsx.fileName).toBe(`revenue-SZ-${harness.firstDay}-day.xlsx`);
    expect(xlsx.content.subarray(0, 2).toString()).toBe('PK');
    const csv = valueOf(await call(revenue.exportRevenueReport.bind(revenue), { report: request, format: revenueV1.ReportFormat.REPORT_FORMAT_CSV }, people.supervisor));
    expect(csv.content.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(await call(revenue.getRevenueReport.bind(revenue), { ...request, period: revenueV1.ReportPeriod.REPORT_PERIOD_UNSPECIFIED }, people.supervisor)).toMatchObject({
      ok: false,
      code: status.INVALID_ARGUMENT,
      reason: 'MISSING_REPORT_PERIOD',
    });
  });
});

