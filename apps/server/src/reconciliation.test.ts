import { credentials, status, type Metadata } from '@grpc/grpc-js';
import { treasuryDate } from '@jinku/kernel';
import { approvalsV1, correctionsV1, reconciliationV1, revenueV1 } from '@jinku/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startHarness, valueOf, type Harness } from './testing/harness';

/**
 * Reconciliation with a collecting authority (R56–R58) end to end: receipts from its link, a statement prepared by
 * the income operator, the authority's side streamed in chunks by its system, matched, the differences listed, and
 * its signed result recorded with its seal checked; a difference put right through the correction route matches
 * once the treasury's side is taken again.
 */
let harness: Harness;
let reconciliation: reconciliationV1.ReconciliationServiceClient;
const people: Record<'income' | 'reviewer' | 'supervisor', Metadata> = {} as never;
let taxSystem: Metadata;
let link: Metadata;
let approvals: approvalsV1.ApprovalsServiceClient;
const TAX = '14403000000';

/** Streams the chunks as the counterparty's system would, and answers the summary or the refusal. */
function upload(chunks: reconciliationV1.UploadStatementLinesRequest[], metadata: Metadata): Promise<{ ok: true; value: reconciliationV1.UploadSummary } | { ok: false; code: status }> {
  return new Promise((resolve) => {
    const stream = reconciliation.uploadStatementLines(metadata, (error, summary) => resolve(error ? { ok: false, code: error.code } : { ok: true, value: summary! }));
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
  });
}

/** Receipts of 10.00 of domestic VAT, all central, collected on the first day, through the link. */
async function receive(messageIds: string[]) {
  const revenue = new revenueV1.RevenueServiceClient(harness.address, credentials.createInsecure());
  const receipts = messageIds.map((messageId) => ({ authorityCode: TAX, messageId, revenueCode: '1010101', designation: 'central', region: '440300', payerName: '某公司', payerAccount: '1', amount: '10.00', collectionDate: harness.firstDay }));
  expect(valueOf(await call(revenue.submitReceipts.bind(revenue), { receipts }, link)).results.every((r) => r.outcome?.$case === 'accepted')).toBe(true);
  revenue.close();
}

const approve = (checker: Metadata, requestId: string) =>
  call(approvals.actOnRequest.bind(approvals), { requestId, decision: approvalsV1.Decision.DECISION_APPROVE, comment: 'ok', keyElements: undefined }, checker).then(valueOf);

beforeAll(async () => {
  harness = await startHarness();
  people.income = await harness.personWith('sz.income', ['income_operator']);
  people.reviewer = await harness.personWith('sz.reviewer', ['reviewer']);
  people.supervisor = await harness.personWith('sz.supervisor', ['accounting_supervisor']);
  taxSystem = await harness.machineWith('tax.statements', ['statements']);
  link = await harness.machineWith('sz.tips', ['receipt_posting']);
  reconciliation = new reconciliationV1.ReconciliationServiceClient(harness.address, credentials.createInsecure());
  await receive(['A', 'B', 'C']);
  approvals = new approvalsV1.ApprovalsServiceClient(harness.address, credentials.createInsecure());
  const card = {
    unitId: TAX,
    unitKind: 'tax_bureau',
    unitName: '国家税务总局深圳市税务局',
    effectiveFrom: treasuryDate(),
    unitSeal: { imprint: `${TAX} 对账专用章`, publicKey: '' },
    representativeName: '张三',
    representativeRole: 'legal_representative',
    representativeSeal: { imprint: '张三印', publicKey: '' },
    documents: ['application', 'representative_certificate', 'specimen_card', 'introduction_letter'].map((kind) => ({ kind, reference: kind })),
    unitSealDated: false,
  };
  const entered = valueOf(await call(approvals.submitRequest.bind(approvals), { treasuryId: 'SZ', idempotencyKey: 'card', documents: [], operation: { operation: { $case: 'specimenCardNew', value: card } } }, people.income));
  for (const checker of [people.reviewer, people.supervisor]) await approve(checker, entered.requestId);
});

afterAll(async () => {
  reconciliation?.close();
  approvals?.close();
  await harness?.stop();
});

describe('a statement through gRPC (R56–R58)', () => {
  it('takes the authority’s side streamed in chunks and from its file, lists the differences, and records "agreed" once each is explained', async () => {
    const statement = valueOf(
      await call(reconciliation.prepareStatement.bind(reconciliation), { treasuryId: 'SZ', counterpartyKind: 'collecting_authority', counterpartyCode: TAX, periodFrom: harness.firstDay, periodTo: harness.firstDay }, people.income),
    );
    const line = (reference: string, amount: string) => ({ reference, level: 'central', code: '1010101', amount, date: harness.firstDay });
    const uploaded = await upload(
      [
        { statementId: statement.statementId, lines: [line('A', '10.00'), line('B', '10.01')] },
        { statementId: statement.statementId, lines: [line('D', '3.00')] },
      ],
      taxSystem,
    );
    expect(uploaded).toEqual({ ok: true, value: { linesTaken: 3 } });
    expect(await upload([{ statementId: statement.statementId, lines: [] }], people.income)).toEqual({ ok: false, code: status.PERMISSION_DENIED });

    const run = valueOf(await call(reconciliation.matchStatement.bind(reconciliation), { statementId: statement.statementId }, people.income));
    expect(run).toMatchObject({ treasuryLines: 3, counterpartyLines: 3, differences: 3 });
    const listed = valueOf(await call(reconciliation.listDifferences.bind(reconciliation), { statementId: statement.statementId, pageToken: '' }, people.reviewer));
    expect(listed.differences.map((d) => `${d.kind} ${d.reference}`).sort()).toEqual(['amount_differs B', 'missing_at_counterparty C', 'missing_at_treasury D']);
    expect(listed.nextPageToken).toBe('');

    const result = { statementId: statement.statementId, signedOn: treasuryDate(), signer: '张三', presented: { $case: 'paper' as const, value: { unitImprint: `${TAX} 对账专用章`, representativeImprint: '张三印' } } };
    expect(await call(reconciliation.recordResult.bind(reconciliation), { ...result, outcome: 'agreed' }, people.income)).toMatchObject({ ok: false, reason: 'RESULT_CONTRADICTS_DIFFERENCES' });
    const file = Buffer.from(`reference,level,code,amount,date\r\nC,central,1010101,10.00,${harness.firstDay}\r\n`);
    expect(valueOf(await call(reconciliation.importStatementFile.bind(reconciliation), { statementId: statement.statementId, format: 'csv', content: file }, people.income))).toEqual({ linesTaken: 1 });
    const rerun = valueOf(await call(reconciliation.matchStatement.bind(reconciliation), { statementId: statement.statementId }, people.income));
    expect(rerun.differences).toBe(2);
    const left = valueOf(await call(reconciliation.listDifferences.bind(reconciliation), { statementId: statement.statementId, pageToken: '' }, people.reviewer)).differences;
    for (const difference of left) {
      valueOf(await call(reconciliation.resolveDifference.bind(reconciliation), { statementId: statement.statementId, differenceId: difference.differenceId, kind: 'explained', note: '税务局多报', correctionReference: '' }, people.income));
    }
    valueOf(await call(reconciliation.recordResult.bind(reconciliation), { ...result, outcome: 'agreed' }, people.income));

    // R59: the signed statement goes to post-supervision once.
    const handover = valueOf(await call(reconciliation.handOverToSupervision.bind(reconciliation), { treasuryId: 'SZ' }, people.income));
    expect(handover.statements).toEqual([{ statement: statement, outcome: 'agreed', signedOn: result.signedOn, signer: '张三' }]);
    expect(await call(reconciliation.handOverToSupervision.bind(reconciliation), { treasuryId: 'SZ' }, people.income)).toMatchObject({ ok: false, code: status.FAILED_PRECONDITION, reason: 'NOTHING_TO_HAND_OVER' });
    const [handovers] = await harness.database.sql<{ n: number }[]>`select count(*)::int as n from reconciliation.handovers`;
    expect(handovers?.n).toBe(1);
  });

  it('matches a difference once the correction route put the books right and the treasury side is taken again (R58)', async () => {
    await receive(['E']);
    const later = new Date(Date.parse(`${harness.firstDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const statementId = valueOf(
      await call(reconciliation.prepareStatement.bind(reconciliation), { treasuryId: 'SZ', counterpartyKind: 'collecting_authority', counterpartyCode: TAX, periodFrom: harness.firstDay, periodTo: later }, people.income),
    ).statementId;
    // The bureau's books: E was enterprise income tax (10104), not VAT.
    const line = (reference: string, code: string) => ({ reference, level: 'central', code, amount: '10.00', date: harness.firstDay });
    expect(await upload([{ statementId, lines: [line('A', '1010101'), line('B', '1010101'), line('C', '1010101'), line('E', '10104')] }], taxSystem)).toMatchObject({ ok: true });
    expect(valueOf(await call(reconciliation.matchStatement.bind(reconciliation), { statementId }, people.income)).differences).toBe(1);
    const [difference] = valueOf(await call(reconciliation.listDifferences.bind(reconciliation), { statementId, pageToken: '' }, people.reviewer)).differences;
    expect(difference).toMatchObject({ kind: 'code_or_level_differs', reference: 'E', treasury: { code: '1010101' }, counterparty: { code: '10104' } });

    // The bureau erred on its receipt (R40): its sealed notice, entered by the income operator and reviewed.
    const notice = correctionsV1.RevenueCorrection.fromPartial({
      kind: 'correction',
      origin: 'counterparty',
      authorityCode: TAX,
      authorityKind: 'tax_bureau',
      noticeNumber: 'GZ-E',
      noticeDate: treasuryDate(),
      reason: '税目填错',
      requestForm: 'written',
      documents: [{ kind: 'basis', reference: '深税更正函' }],
      items: [{ receiptAuthorityCode: TAX, receiptMessageId: 'E', fromRevenueCode: '1010101', amount: '10.00', revenueCode: '10104', designation: 'central', region: '' }],
      presented: { $case: 'paper', value: { unitImprint: `${TAX} 对账专用章`, representativeImprint: '张三印' } },
    });
    const entered = valueOf(
      await call(approvals.submitRequest.bind(approvals), { treasuryId: 'SZ', idempotencyKey: 'correct-E', documents: [], operation: { operation: { $case: 'revenueCorrection', value: notice } } }, people.income),
    );
    expect((await approve(people.reviewer, entered.requestId)).status).toBe('executed');
    await call(reconciliation.resolveDifference.bind(reconciliation), { statementId, differenceId: difference!.differenceId, kind: 'corrected', note: '征收机关税目错误，已更正', correctionReference: entered.requestId }, people.income).then(valueOf);

    expect(valueOf(await call(reconciliation.refreshTreasurySide.bind(reconciliation), { statementId }, people.income))).toEqual({ generation: 2, lines: 4 });
    expect(valueOf(await call(reconciliation.matchStatement.bind(reconciliation), { statementId }, people.income))).toMatchObject({ treasuryLines: 4, counterpartyLines: 4, differences: 0 });
  });

  it('prepares a finance bureau’s statement — revenue per level and code, each deposit balance — and refuses an unknown counterparty, writing nothing', async () => {
    const request = { treasuryId: 'SZ', counterpartyKind: 'finance_bureau', counterpartyCode: 'FB-440300', periodFrom: harness.firstDay, periodTo: harness.firstDay };
    const statements = async () => (await harness.database.sql<{ n: number }[]>`select count(*)::int as n from reconciliation.statements`)[0]?.n;
    const before = await statements();
    expect(await call(reconciliation.prepareStatement.bind(reconciliation), { ...request, counterpartyKind: 'post_office' }, people.income)).toMatchObject({
      ok: false,
      code: status.INVALID_ARGUMENT,
      reason: 'UNSUPPORTED_COUNTERPARTY',
    });
    expect(await statements()).toBe(before);
    const { statementId } = valueOf(await call(reconciliation.prepareStatement.bind(reconciliation), request, people.income));
    valueOf(await call(reconciliation.matchStatement.bind(reconciliation), { statementId }, people.income));
    const listed = valueOf(await call(reconciliation.listDifferences.bind(reconciliation), { statementId, pageToken: '' }, people.reviewer)).differences;
    // Nothing came back from the bureau yet: every line of the treasury's side is missing at the counterparty.
    expect(listed.every((d) => d.kind === 'missing_at_counterparty')).toBe(true);
    expect(listed.find((d) => d.reference === 'revenue/central/1010101')?.treasury?.amount).toBe('30.00');
    expect(listed.some((d) => d.reference.startsWith('balance/'))).toBe(true);
  });
});
