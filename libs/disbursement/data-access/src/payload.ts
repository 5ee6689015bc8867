import { malformedPayload, payloadRecord, payloadText } from '@jinku/approvals';
import { MAX_LINES, MONITORING_KINDS, type MonitoringHit, type PaymentKind, type PaymentVoucher } from '@jinku/disbursement-domain';
import { storedPresentationOf, type StoredPresentation } from '@jinku/seals';

/**
 * approvals.v1 `appropriation` / `payment_clearing` (disbursement.v1 PaymentVoucher) in camelCase, as the approvals
 * lib stores it and translates it back for readers; the seals presented are stored as the seals lib stores them.
 */
export interface PaymentPayload extends Omit<PaymentVoucher, 'kind'> {
  readonly presented: StoredPresentation | null;
  /**
   * The monitoring rules the payment hit when it was entered; null until then. Kept with the request, so the
   * supervisor decides on what held it, and the route it was given stays its route.
   */
  readonly monitoringHits: readonly MonitoringHit[] | null;
}

/** More documents and copies than any voucher carries. */
const MAX_DOCUMENTS = 20;
const MAX_COPIES = 10;

function listOf(record: Record<string, unknown>, field: string, max: number): unknown[] {
  const list = record[field] ?? [];
  if (!Array.isArray(list) || list.length > max) throw malformedPayload(`payload.${field}`, `a list of at most ${max}`);
  return list;
}

/** Each entry of a list of messages, its text fields read by name. */
function messagesOf<Field extends string>(record: Record<string, unknown>, field: string, max: number, fields: readonly Field[]): Record<Field, string>[] {
  return listOf(record, field, max).map((entry, index) => {
    const path = `payload.${field}[${index}]`;
    const message = payloadRecord(entry, path);
    return Object.fromEntries(fields.map((name) => [name, payloadText(message, name, path)])) as Record<Field, string>;
  });
}

/** A payment request as submitted (bytes as Buffers) or as stored (bytes as base64): the stored form, every field checked for shape. */
export function paymentPayloadOf(payload: unknown): PaymentPayload {
  const record = payloadRecord(payload, 'payload');
  const text = (field: string) => payloadText(record, field);
  const copies = listOf(record, 'copyAmounts', MAX_COPIES).map((copy, index) => {
    if (typeof copy !== 'string') throw malformedPayload(`payload.copyAmounts[${index}]`, 'an amount');
    return payloadText({ amount: copy }, 'amount', `payload.copyAmounts[${index}]`);
  });
  return {
    bureauCode: text('bureauCode'),
    budgetLevel: text('budgetLevel'),
    agencyBankCode: text('agencyBankCode'),
    voucherNumber: text('voucherNumber'),
    voucherDate: text('voucherDate'),
    payeeName: text('payeeName'),
    payeeAccount: text('payeeAccount'),
    bankCode: text('bankCode'),
    payeeKind: text('payeeKind'),
    settlement: text('settlement'),
    amount: text('amount'),
    lines: messagesOf(record, 'lines', MAX_LINES, ['budgetUnitCode', 'functionCode', 'economicCode', 'amount'] as const),
    documents: messagesOf(record, 'documents', MAX_DOCUMENTS, ['kind', 'reference'] as const),
    copyAmounts: copies,
    presented: storedPresentationOf(record),
    monitoringHits: record['monitoringHits'] === undefined ? null : hitsOf(record),
  };
}

function hitsOf(record: Record<string, unknown>): MonitoringHit[] {
  return messagesOf(record, 'monitoringHits', MONITORING_KINDS.length * 100, ['kind', 'value', 'description'] as const).map((hit, index) => {
    if (!(MONITORING_KINDS as readonly string[]).includes(hit.kind)) throw malformedPayload(`payload.monitoringHits[${index}].kind`, `one of ${MONITORING_KINDS.join(', ')}`);
    return hit as MonitoringHit;
  });
}

export const voucherOf = (kind: PaymentKind, payload: PaymentPayload): PaymentVoucher => ({ ...payload, kind });
