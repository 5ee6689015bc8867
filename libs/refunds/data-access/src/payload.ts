import { malformedPayload, payloadRecord, payloadText, textLimitOf } from '@jinku/approvals';
import { checkText } from '@jinku/kernel';
import type { RefundDocument } from '@jinku/refunds-domain';
import type { SpecimenPresentation } from '@jinku/seals';

type Oneof<Case extends string, Value> = { readonly $case: Case; readonly value: Value };

/** The electronic seals' bytes, base64: the request is stored as JSON, where bytes do not survive. */
export interface StoredSignatures {
  readonly content: string;
  readonly unitSignature: string;
  readonly representativeSignature: string;
}

/**
 * approvals.v1 `revenue_refund` (refunds.v1 RevenueRefund) in camelCase, as the approvals lib stores it and
 * translates it back for readers. An electronic presentation keeps its bytes under `storedAsBase64`, a key
 * the message does not have, so readers see the presentation's kind without its bytes.
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
  readonly presented: Oneof<'electronic', { readonly storedAsBase64: StoredSignatures }> | Oneof<'paper', { readonly unitImprint: string; readonly representativeImprint: string }> | null;
  readonly copyAmounts: readonly string[];
}

/** Bounds on what one request stores: an electronic approval is a small document, its seals a few hundred bytes. */
const MAX_CONTENT_BYTES = 65_536;
const MAX_SIGNATURE_BYTES = 4_096;
/** More copies than any voucher has (a refund voucher has five or six 联). */
const MAX_COPIES = 10;



function oneofOf(record: Record<string, unknown>, field: string): { $case: string; value: unknown } | null {
  const chosen = record[field];
  if (chosen === undefined || chosen === null) return null;
  const oneof = payloadRecord(chosen, `payload.${field}`);
  if (typeof oneof['$case'] !== 'string') throw malformedPayload(`payload.${field}`, 'one of its cases');
  return { $case: oneof['$case'], value: oneof['value'] };
}

function originalOf(record: Record<string, unknown>): RevenueRefundPayload['original'] {
  const original = oneofOf(record, 'original');
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

/** Bytes as the wire gives them (a Buffer) or as stored (base64), re-encoded as base64 within `max` bytes. */
function base64Of(wire: unknown, stored: unknown, path: string, max: number): string {
  const bytes = wire instanceof Uint8Array ? Buffer.from(wire) : typeof stored === 'string' ? Buffer.from(stored, 'base64') : Buffer.alloc(0);
  if (bytes.length > max) throw malformedPayload(path, `at most ${max} bytes`);
  return bytes.toString('base64');
}

function presentedOf(record: Record<string, unknown>): RevenueRefundPayload['presented'] {
  const presented = oneofOf(record, 'presented');
  if (!presented) return null;
  const path = `payload.presented.${presented.$case}`;
  const value = payloadRecord(presented.value ?? {}, path);
  if (presented.$case === 'paper') {
    return { $case: 'paper', value: { unitImprint: payloadText(value, 'unitImprint', path), representativeImprint: payloadText(value, 'representativeImprint', path) } };
  }
  if (presented.$case !== 'electronic') throw malformedPayload('payload.presented', 'electronic or paper');
  const stored = value['storedAsBase64'] === undefined ? {} : payloadRecord(value['storedAsBase64'], `${path}.storedAsBase64`);
  const field = (name: keyof StoredSignatures, max: number) => base64Of(value[name], stored[name], `${path}.${name}`, max);
  return {
    $case: 'electronic',
    value: {
      storedAsBase64: {
        content: field('content', MAX_CONTENT_BYTES),
        unitSignature: field('unitSignature', MAX_SIGNATURE_BYTES),
        representativeSignature: field('representativeSignature', MAX_SIGNATURE_BYTES),
      },
    },
  };
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
    presented: presentedOf(record),
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
export function presentationOf(payload: RevenueRefundPayload): SpecimenPresentation | undefined {
  const { presented } = payload;
  if (!presented) return undefined;
  if (presented.$case === 'paper') return { method: 'paper', ...presented.value };
  const bytes = (name: keyof StoredSignatures) => Buffer.from(presented.value.storedAsBase64[name], 'base64');
  return { method: 'electronic', content: bytes('content'), unitSignature: bytes('unitSignature'), representativeSignature: bytes('representativeSignature') };
}
