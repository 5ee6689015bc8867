import { malformedPayload, payloadRecord, payloadText, textLimitOf } from '@jinku/approvals';
import { checkText } from '@jinku/kernel';
import type { RefundDocument } from '@jinku/refunds-domain';
import { payloadOneof, presentationOf as specimenPresentationOf, storedPresentationOf, type SpecimenPresentation, type StoredPresentation } from '@jinku/seals';

type Oneof<Case extends string, Value> = { readonly $case: Case; readonly value: Value };

/**
 * approvals.v1 `revenue_refund` (refunds.v1 RevenueRefund) in camelCase, as the approvals lib stores it and
 * translates it back for readers; the seals presented are stored as the seals lib stores them.
 */
export interface RevenueRefundPayload {
  readonly original: Oneof<'receipt', { readonly authorityCode: string; readonly messageId: string }> | Oneof<'exportPlanReference', string> | null;
  readonly approvingAuthorityCode: string;
  readonly approvingAuthorityKind: string;
  readonly approvalDocument: string;
  readonly approvalDate: string;
  readonly refundVoucherNumber: string;
  readonly applicationReference: string;
  readonly payeeName: string;
  readonly payeeAccount: string;
  readonly bankCode: string;
  readonly amount: string;
  readonly reason: string;
  readonly requestForm: string;
  readonly presented: StoredPresentation | null;
  readonly copyAmounts: readonly string[];
}

/** More copies than any voucher has (a refund voucher has five or six 联). */
const MAX_COPIES = 10;



function originalOf(record: Record<string, unknown>): RevenueRefundPayload['original'] {
  const original = payloadOneof(record, 'original');
  if (!original) return null;
  if (original.$case === 'receipt') {
    const receipt = payloadRecord(original.value, 'payload.original.receipt');
    const path = 'payload.original.receipt';
    return { $case: 'receipt', value: { authorityCode: payloadText(receipt, 'authorityCode', path), messageId: payloadText(receipt, 'messageId', path) } };
  }
  if (original.$case === 'exportPlanReference' && typeof original.value === 'string') {
    return { $case: 'exportPlanReference', value: checkText(original.value, 'payload.original.export_plan_reference', textLimitOf('reference')) };
  }
  throw malformedPayload('payload.original', 'a receipt or an export plan reference');
}

function copyAmountsOf(record: Record<string, unknown>): string[] {
  const copies = record['copyAmounts'] ?? [];
  if (!Array.isArray(copies) || copies.length > MAX_COPIES || copies.some((copy) => typeof copy !== 'string')) {
    throw malformedPayload('payload.copyAmounts', `a list of at most ${MAX_COPIES} amounts`);
  }
  return copies.map((copy: string, index) => checkText(copy, `payload.copyAmounts[${index}]`, textLimitOf('amount')));
}

/** A refund request as submitted (bytes as Buffers) or as stored (bytes as base64): the stored form, every field checked for shape. */
export function refundPayloadOf(payload: unknown): RevenueRefundPayload {
  const record = payloadRecord(payload, 'payload');
  const text = (field: Exclude<keyof RevenueRefundPayload, 'original' | 'presented' | 'copyAmounts'>) => payloadText(record, field);
  return {
    original: originalOf(record),
    approvingAuthorityCode: text('approvingAuthorityCode'),
    approvingAuthorityKind: text('approvingAuthorityKind'),
    approvalDocument: text('approvalDocument'),
    approvalDate: text('approvalDate'),
    refundVoucherNumber: text('refundVoucherNumber'),
    applicationReference: text('applicationReference'),
    payeeName: text('payeeName'),
    payeeAccount: text('payeeAccount'),
    bankCode: text('bankCode'),
    amount: text('amount'),
    reason: text('reason'),
    requestForm: text('requestForm'),
    presented: storedPresentationOf(record),
    copyAmounts: copyAmountsOf(record),
  };
}

/** The refund's documents as the domain checks them. */
export function documentOf(payload: RevenueRefundPayload): RefundDocument {
  const { original } = payload;
  return {
    original:
      original === null
        ? null
        : original.$case === 'receipt'
          ? { kind: 'receipt', ...original.value }
          : { kind: 'export_plan', reference: original.value },
    authorityCode: payload.approvingAuthorityCode,
    authorityKind: payload.approvingAuthorityKind,
    approvalDocument: payload.approvalDocument,
    approvalDate: payload.approvalDate,
    refundVoucherNumber: payload.refundVoucherNumber,
    applicationReference: payload.applicationReference,
    payeeName: payload.payeeName,
    payeeAccount: payload.payeeAccount,
    bankCode: payload.bankCode,
    amount: payload.amount,
    reason: payload.reason,
    requestForm: payload.requestForm,
    copyAmounts: payload.copyAmounts,
  };
}

/** The seals presented on the approval, as the specimen check takes them; undefined when none were. */
export const presentationOf = (payload: RevenueRefundPayload): SpecimenPresentation | undefined => specimenPresentationOf(payload.presented);
