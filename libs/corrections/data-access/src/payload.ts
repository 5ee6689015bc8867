import { malformedPayload, payloadRecord, payloadText } from '@jinku/approvals';
import type { CorrectionDocument, CorrectionItem, CorrectionNotice } from '@jinku/corrections-domain';
import { MAX_ITEMS } from '@jinku/corrections-domain';
import { storedPresentationOf, type StoredPresentation } from '@jinku/seals';

/**
 * approvals.v1 `revenue_correction` (corrections.v1 RevenueCorrection) in camelCase, as the approvals lib stores
 * it and translates it back for readers; the seals presented are stored as the seals lib stores them.
 */
export interface RevenueCorrectionPayload extends Omit<CorrectionNotice, 'items'> {
  readonly items: readonly (Omit<CorrectionItem, 'authorityCode' | 'messageId'> & { readonly receiptAuthorityCode: string; readonly receiptMessageId: string })[];
  readonly presented: StoredPresentation | null;
}

/** More documents and copies than any notice carries. */
const MAX_DOCUMENTS = 20;
const MAX_COPIES = 10;

function listOf(record: Record<string, unknown>, field: string, max: number): unknown[] {
  const list = record[field] ?? [];
  if (!Array.isArray(list) || list.length > max) throw malformedPayload(`payload.${field}`, `a list of at most ${max}`);
  return list;
}

function documentsOf(record: Record<string, unknown>): CorrectionDocument[] {
  return listOf(record, 'documents', MAX_DOCUMENTS).map((entry, index) => {
    const path = `payload.documents[${index}]`;
    const document = payloadRecord(entry, path);
    return { kind: payloadText(document, 'kind', path), reference: payloadText(document, 'reference', path) };
  });
}

function itemsOf(record: Record<string, unknown>): RevenueCorrectionPayload['items'] {
  return listOf(record, 'items', MAX_ITEMS).map((entry, index) => {
    const path = `payload.items[${index}]`;
    const item = payloadRecord(entry, path);
    const text = (field: string) => payloadText(item, field, path);
    return {
      receiptAuthorityCode: text('receiptAuthorityCode'),
      receiptMessageId: text('receiptMessageId'),
      fromRevenueCode: text('fromRevenueCode'),
      amount: text('amount'),
      revenueCode: text('revenueCode'),
      designation: text('designation'),
      region: text('region'),
    };
  });
}

function copyTotalsOf(record: Record<string, unknown>): string[] {
  return listOf(record, 'copyTotals', MAX_COPIES).map((copy, index) => {
    if (typeof copy !== 'string') throw malformedPayload(`payload.copyTotals[${index}]`, 'an amount');
    return payloadText({ amount: copy }, 'amount', `payload.copyTotals[${index}]`);
  });
}

/** A correction request as submitted (bytes as Buffers) or as stored (bytes as base64): the stored form, every field checked for shape. */
export function correctionPayloadOf(payload: unknown): RevenueCorrectionPayload {
  const record = payloadRecord(payload, 'payload');
  const text = (field: string) => payloadText(record, field);
  return {
    kind: text('kind'),
    origin: text('origin'),
    authorityCode: text('authorityCode'),
    authorityKind: text('authorityKind'),
    noticeNumber: text('noticeNumber'),
    noticeDate: text('noticeDate'),
    reason: text('reason'),
    requestForm: text('requestForm'),
    documents: documentsOf(record),
    items: itemsOf(record),
    copyTotals: copyTotalsOf(record),
    presented: storedPresentationOf(record),
  };
}

/** The notice as the domain checks it. */
export function noticeOf(payload: RevenueCorrectionPayload): CorrectionNotice {
  const { items } = payload;
  return { ...payload, items: items.map(({ receiptAuthorityCode, receiptMessageId, ...item }) => ({ authorityCode: receiptAuthorityCode, messageId: receiptMessageId, ...item })) };
}
