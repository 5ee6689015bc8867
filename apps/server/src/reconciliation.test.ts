import { credentials, status, type Metadata } from '@grpc/grpc-js';
import { treasuryDate } from '@jinku/kernel';
import { approvalsV1, reconciliationV1, revenueV1 } from '@jinku/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startHarness, valueOf, type Harness } from './testing/harness';

/**
 * Reconciliation with a collecting authority (R56–R58) end to end: receipts from its link, a statement prepared by
 * the income operator, the authority's side streamed in chunks by its system, matched, the differences listed, and
 * its signed result recorded with its seal checked.
 */
let harness: Harness;
let reconciliation: reconciliationV1.ReconciliationServiceClient;
const people: Record<'income' | 'reviewer' | 'supervisor', Metadata> = {} as never;
let taxSystem: Metadata;
const TAX = '14403000000';

/** Streams the chunks as the counterparty's system would, and answers the summary or the refusal. */
function upload(chunks: reconciliationV1.UploadStatementLinesRequest[], metadata: Metadata): Promise<{ ok: true; value: reconciliationV1.UploadSummary } | { ok: false; code: status }> {
  return new Promise((resolve) => {
    const stream = reconciliation.uploadStatementLines(metadata, (error, summary) => resolve(error ? { ok: false, code: error.code } : { ok: true, value: summary! }));
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
  });
}

beforeAll(async () => {
  harness = await startHarness();
  people.income = await harness.personWith('sz.income', ['income_operator']);
  people.reviewer = await harness.personWith('sz.reviewer', ['reviewer']);
  people.supervisor = await harness.personWith('sz.supervisor', ['accounting_supervisor']);
  taxSystem = await harness.machineWith('tax.statements', ['statements']);
  const link = await harness.machineWith('sz.tips', ['receipt_posting']);
  reconciliation = new reconciliationV1.ReconciliationServiceClient(harness.address, credentials.createInsecure());
  const revenue = new revenueV1.RevenueServiceClient(harness.address, credentials.createInsecure());
  const receipts = ['A', 'B', 'C'].map((messageId) => ({ authorityCode: TAX, messageId, revenueCode: '1010101', designation: 'central', region: '440300', payerName: '某公司', payerAccount: '1', amount: '10.00', collectionDate: harness.firstDay }));
  expect(valueOf(await call(revenue.submitReceipts.bind(revenue), { receipts }, link)).results.every((r) => r.outcome?.$case === 'accepted')).toBe(true);
  revenue.close();
  const approvals = new approvalsV1.ApprovalsServiceClient(harness.address, credentials.createInsecure());
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
  for (const checker of [people.reviewer, people.supervisor]) {
    valueOf(await call(approvals.actOnRequest.bind(approvals), { requestId: entered.requestId, decision: approvalsV1.Decision.DECISION_APPROVE, comment: 'ok', keyElements: undefined }, checker));
  }
  approvals.close();
});

afterAll(async () => {
  reconciliation?.close();
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
  });
});
