import { checkText, IDEMPOTENCY_KEY_MAX_LENGTH, invalidArgument } from '@jinku/kernel';
import type { VoucherDraft } from './voucher';

/**
 * How long each text of the ledger may be, in characters: what a treasury's own forms hold (treasury
 * codes, account numbers, 摘要, document references, classification codes), and small enough that the
 * largest voucher stays near 60 KB on the wire, far inside a client's default 4 MB message.
 */
export const TEXT_LIMITS = {
  treasuryId: 16,
  accountNumber: 32,
  voucherId: 20,
  idempotencyKey: IDEMPOTENCY_KEY_MAX_LENGTH,
  summary: 500,
  documentKind: 64,
  documentReference: 128,
  classificationCode: 16,
} as const;

/** Original documents (原始凭证) one voucher may name. */
export const MAX_DOCUMENTS = 20;

/**
 * The texts of a voucher against TEXT_LIMITS and the kernel's text rule (no control characters, valid
 * UTF-8), checked before anything is looked up: the database never sees text it cannot store.
 */
export function checkVoucherText(draft: VoucherDraft): void {
  checkText(draft.summary, 'summary', TEXT_LIMITS.summary);
  if (draft.documents.length > MAX_DOCUMENTS) {
    throw invalidArgument('TOO_MANY_DOCUMENTS', `a voucher names at most ${MAX_DOCUMENTS} documents`, { field: 'documents', maxCount: String(MAX_DOCUMENTS) });
  }
  draft.documents.forEach((document, index) => {
    checkText(document.kind, `documents[${index}].kind`, TEXT_LIMITS.documentKind);
    checkText(document.reference, `documents[${index}].reference`, TEXT_LIMITS.documentReference);
  });
  draft.lines.forEach((line, index) => {
    checkText(line.accountNumber, `lines[${index}].account_number`, TEXT_LIMITS.accountNumber);
    if (line.classificationCode !== null) checkText(line.classificationCode, `lines[${index}].classification_code`, TEXT_LIMITS.classificationCode);
  });
}
