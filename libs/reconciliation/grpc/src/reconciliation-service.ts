import { clientStream, unary, type GrpcService, type UnaryOptions } from '@jinku/grpc-kit';
import { checkText } from '@jinku/kernel';
import { reconciliationV1 } from '@jinku/proto';
import type { DifferenceRecord, Reconciliation, StatementRecord } from '@jinku/reconciliation';
import type { SpecimenPresentation } from '@jinku/seals';

const statementToWire = (statement: StatementRecord): reconciliationV1.Statement => ({
  statementId: statement.id,
  treasuryId: statement.treasuryId,
  counterpartyKind: statement.counterpartyKind,
  counterpartyCode: statement.counterpartyCode,
  periodFrom: statement.periodFrom,
  periodTo: statement.periodTo,
});

const differenceToWire = (difference: DifferenceRecord): reconciliationV1.Difference => ({
  differenceId: difference.id,
  kind: difference.kind,
  reference: difference.reference,
  treasury: difference.treasury ?? undefined,
  counterparty: difference.counterparty ?? undefined,
});

function presentationOf(request: reconciliationV1.RecordResultRequest): SpecimenPresentation | undefined {
  const presented = request.presented;
  if (!presented) return undefined;
  return presented.$case === 'paper' ? { method: 'paper', ...presented.value } : { method: 'electronic', ...presented.value };
}

/** ReconciliationService: translation between reconciliation.v1 and the reconciliation lib, which authorizes every call. */
export function reconciliationGrpcService(reconciliation: Reconciliation, options: UnaryOptions): GrpcService {
  const implementation: reconciliationV1.ReconciliationServiceServer = {
    prepareStatement: unary('PrepareStatement', options, async (request: reconciliationV1.PrepareStatementRequest, { actor }) =>
      statementToWire(await reconciliation.prepareStatement(actor, { ...request, treasuryId: checkText(request.treasuryId, 'treasury_id', 16) })),
    ),
    uploadStatementLines: clientStream('UploadStatementLines', options, async (chunks: AsyncIterable<reconciliationV1.UploadStatementLinesRequest>, { actor }) => {
      let linesTaken = 0;
      for await (const chunk of chunks) linesTaken += await reconciliation.submitCounterpartyLines(actor, chunk.statementId, chunk.lines);
      return { linesTaken };
    }),
    importStatementFile: unary('ImportStatementFile', options, async (request: reconciliationV1.ImportStatementFileRequest, { actor }) => ({
      linesTaken: await reconciliation.importCounterpartyFile(actor, request.statementId, request.format, Buffer.from(request.content)),
    })),
    resolveDifference: unary('ResolveDifference', options, async (request: reconciliationV1.ResolveDifferenceRequest, { actor }) => {
      await reconciliation.resolveDifference(actor, request.statementId, request.differenceId, request);
      return {};
    }),
    refreshTreasurySide: unary('RefreshTreasurySide', options, async (request: reconciliationV1.RefreshTreasurySideRequest, { actor }) =>
      reconciliation.refreshTreasurySide(actor, request.statementId),
    ),
    matchStatement: unary('MatchStatement', options, async (request: reconciliationV1.MatchStatementRequest, { actor }) => reconciliation.match(actor, request.statementId)),
    listDifferences: unary('ListDifferences', options, async (request: reconciliationV1.ListDifferencesRequest, { actor }) => {
      const afterId = /^[0-9]{1,19}$/.test(request.pageToken) ? request.pageToken : '0';
      const page = await reconciliation.differences(actor, request.statementId, afterId);
      return { runId: page.runId, differences: page.differences.map(differenceToWire), nextPageToken: page.nextAfterId };
    }),
    handOverToSupervision: unary('HandOverToSupervision', options, async (request: reconciliationV1.HandOverToSupervisionRequest, { actor }) => {
      const handover = await reconciliation.handOverToSupervision(actor, checkText(request.treasuryId, 'treasury_id', 16));
      return {
        handoverId: handover.handoverId,
        handedAt: handover.handedAt.toISOString(),
        statements: handover.statements.map(({ outcome, signedOn, signer, ...statement }) => ({ statement: statementToWire(statement), outcome, signedOn, signer })),
      };
    }),
    recordResult: unary('RecordResult', options, async (request: reconciliationV1.RecordResultRequest, { actor }) => {
      await reconciliation.recordResult(actor, request.statementId, { outcome: request.outcome, signedOn: request.signedOn, signer: request.signer, presented: presentationOf(request) });
      return {};
    }),
  };
  return { name: 'jinku.reconciliation.v1.ReconciliationService', definition: reconciliationV1.ReconciliationServiceService, implementation };
}
