import { failedPrecondition, permissionDenied, type Actor } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import { movesMoneyOut, SYSTEM_KEY_PREFIX, type PostedVoucher } from '@jinku/ledger-domain';
import type { ActionDefinition } from '../action';
import { linesOf, objectOf, optionalText, text } from './payload';

/** Whose error it is (R40): the treasury's own, or a counterparty's that sends a correction notice. */
export type ErrorOrigin = 'treasury' | 'counterparty';

interface ErrorCorrection {
  readonly voucherId: string;
  readonly origin: ErrorOrigin;
  readonly summary: string;
  readonly documentKind: string;
  readonly documentReference: string;
  readonly correctionLines: ReturnType<typeof linesOf>;
  readonly operationRequestId: string | null;
}

/** Counterparties' data arrives through machine principals; their vouchers record the principal as maker. */
const isMachineMade = (voucher: PostedVoucher) => voucher.makerId.startsWith('principal:');

/**
 * Who may correct which voucher (R30, R40): whoever erred starts it — the maker of the original for the
 * treasury's own error, or an operator entering the counterparty's correction notice for a voucher that
 * came from that counterparty. A voucher that came out of an approved operation is corrected only naming
 * that operation; the system's own postings (interest) only through their own correction operation.
 */
function assertMayCorrect(original: PostedVoucher, correction: ErrorCorrection, initiator: Actor): void {
  if (original.kind === 'reversal') {
    throw failedPrecondition('CANNOT_REVERSE_REVERSAL', `voucher ${original.id} is itself a reversal; correct the original voucher instead`);
  }
  if (original.approvalRequestId !== null && correction.operationRequestId !== original.approvalRequestId) {
    throw failedPrecondition('CORRECTION_MUST_NAME_OPERATION', `voucher ${original.id} came out of request ${original.approvalRequestId}; name it as operation_request_id`, {
      operationRequestId: original.approvalRequestId,
    });
  }
  if (original.approvalRequestId === null && original.idempotencyKey.startsWith(SYSTEM_KEY_PREFIX)) {
    throw failedPrecondition('CORRECTED_THROUGH_ITS_OPERATION', `voucher ${original.id} was posted by Jinku itself (${original.idempotencyKey}); correct it through its own operation, e.g. interest_correction (R48)`);
  }
  if (correction.origin === 'treasury' && original.makerId !== initiator.userId) {
    throw permissionDenied('NOT_WHOSE_ERROR', `the treasury's own error is corrected by whoever made voucher ${original.id} (R40), not ${initiator.login}`);
  }
  if (correction.origin === 'counterparty' && !isMachineMade(original)) {
    throw failedPrecondition('NOT_A_COUNTERPARTY_VOUCHER', `voucher ${original.id} was made in the treasury; its maker corrects it as the treasury's own error (R40)`);
  }
}

/**
 * 错账更正 (R30, R40–R42): the red reversal of the original and, when given, the blue entry of the right
 * lines, posted together on the current business day in the final approval's transaction, linked to the
 * original. Reviewed; the treasury's own error is also approved by the accounting supervisor (R40).
 */
export function errorCorrectionAction(ledger: Ledger): ActionDefinition<ErrorCorrection> {
  return {
    policy: { kind: 'error_correction', permission: 'voucher.correct' },
    async parse(payload, treasuryId, initiator) {
      const record = objectOf(payload);
      const origin = text(record, 'origin');
      if (origin !== 'treasury' && origin !== 'counterparty') {
        throw failedPrecondition('UNKNOWN_ERROR_ORIGIN', 'payload.origin is "treasury" (our own error) or "counterparty" (their correction notice)');
      }
      const correction: ErrorCorrection = {
        voucherId: text(record, 'voucherId'),
        origin,
        summary: text(record, 'summary'),
        documentKind: text(record, 'documentKind'),
        documentReference: text(record, 'documentReference'),
        correctionLines: linesOf(record, 'correctionLines', true),
        operationRequestId: optionalText(record, 'operationRequestId'),
      };
      assertMayCorrect(await ledger.vouchers.get(treasuryId, correction.voucherId), correction, initiator);
      if (correction.correctionLines.length > 0) {
        const draft = { kind: 'correction' as const, summary: correction.summary, documents: [], lines: correction.correctionLines };
        const bound = await ledger.checkDraft(treasuryId, { ...draft, documents: [{ kind: correction.documentKind, reference: correction.documentReference }] });
        if (movesMoneyOut(bound)) {
          throw failedPrecondition('CORRECTION_MOVES_MONEY_OUT', 'the blue lines send money out: enter that payment as its own operation, with its key-element audit');
        }
      }
      return correction;
    },
    targetOf: (correction) => `voucher:${correction.voucherId}`,
    amountOf: () => null,
    keyElementsOf: () => null,
    important: (correction) => correction.origin === 'treasury',
    async execute(tx, correction, context) {
      const { reversal, correction: blue } = await ledger.reverseApproved(tx, context.initiator, { checkerId: context.approver.userId, requestId: context.requestId }, {
        treasuryId: context.treasuryId,
        voucherId: correction.voucherId,
        summary: correction.summary,
        documents: [{ kind: correction.documentKind, reference: correction.documentReference }],
        correctionLines: correction.correctionLines,
      });
      return { reversalVoucherId: reversal.id, ...(blue ? { correctionVoucherId: blue.id } : {}), businessDate: reversal.businessDate };
    },
  };
}
