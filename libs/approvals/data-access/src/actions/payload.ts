import { checkText, invalidArgument, parseAmount, parsePositiveAmount } from '@jinku/kernel';
import { TEXT_LIMITS, type Side, type VoucherLineDraft } from '@jinku/ledger-domain';

/**
 * How long each text of a request may be, in characters, by field name — the names of the approvals.v1
 * messages, which the payloads mirror. A voucher's texts keep the ledger's limits; payee elements follow
 * the bank's forms (a 34-character account at most, a 12-digit CNAPS bank code).
 */
const TEXT_LIMITS_BY_FIELD: Readonly<Record<string, number>> = {
  treasuryId: TEXT_LIMITS.treasuryId,
  idempotencyKey: TEXT_LIMITS.idempotencyKey,
  summary: TEXT_LIMITS.summary,
  kind: TEXT_LIMITS.documentKind,
  documentKind: TEXT_LIMITS.documentKind,
  reference: TEXT_LIMITS.documentReference,
  documentReference: TEXT_LIMITS.documentReference,
  accountNumber: TEXT_LIMITS.accountNumber,
  fromAccount: TEXT_LIMITS.accountNumber,
  classificationCode: TEXT_LIMITS.classificationCode,
  voucherId: TEXT_LIMITS.voucherId,
  requestId: TEXT_LIMITS.voucherId,
  operationRequestId: TEXT_LIMITS.voucherId,
  payeeAccount: 34,
  payeeName: 128,
  bankCode: 16,
  question: 2000,
  reply: 2000,
  comment: 500,
  // A specimen seal's public key: SubjectPublicKeyInfo DER in base64 (an SM2 key takes 124 characters).
  publicKey: 256,
};
/** Every other text of a request: names, codes, dates, amounts, rates. */
const DEFAULT_TEXT_LIMIT = 128;

export const textLimitOf = (field: string): number => TEXT_LIMITS_BY_FIELD[field] ?? DEFAULT_TEXT_LIMIT;

/** Payloads arrive as JSON from any client: each field is checked before a request is entered. */
export function objectOf(payload: unknown): Record<string, unknown> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw invalidArgument('MALFORMED_PAYLOAD', 'payload must be a JSON object');
  }
  return payload as Record<string, unknown>;
}

export function text(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  if (typeof value !== 'string' || !value.trim()) {
    throw invalidArgument('MALFORMED_PAYLOAD', `payload.${field} must be a non-empty string`, { field });
  }
  return checkText(value, `payload.${field}`, textLimitOf(field));
}

export const positiveAmount = (record: Record<string, unknown>, field: string) => parsePositiveAmount(text(record, field), `payload.${field}`).toFixed(2);

const SIDES: readonly Side[] = ['debit', 'credit', 'receipt', 'payment'];

/** Voucher lines as JSON: `{accountNumber, side, amount, classificationCode?}`; `field` must hold at least one unless `optional`. */
export function linesOf(record: Record<string, unknown>, field: string, optional = false): VoucherLineDraft[] {
  const lines = record[field] ?? (optional ? [] : undefined);
  if (!Array.isArray(lines) || (lines.length === 0 && !optional)) throw invalidArgument('MALFORMED_PAYLOAD', `payload.${field} must be a non-empty array`);
  return lines.map((raw, index) => {
    const line = objectOf(raw);
    const side = text(line, 'side') as Side;
    if (!SIDES.includes(side)) throw invalidArgument('MALFORMED_PAYLOAD', `payload.${field}[${index}].side must be one of ${SIDES.join(', ')}`);
    return {
      accountNumber: text(line, 'accountNumber'),
      side,
      amount: parseAmount(text(line, 'amount'), `payload.${field}[${index}].amount`),
      fiscalLevel: null,
      classificationCode: optionalText(line, 'classificationCode'),
    };
  });
}

/** A string field that may be absent or empty: null then. */
export function optionalText(record: Record<string, unknown>, field: string): string | null {
  const value = record[field];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw invalidArgument('MALFORMED_PAYLOAD', `payload.${field} must be a string`, { field });
  return checkText(value, `payload.${field}`, textLimitOf(field));
}

/** A payload field that is not what its message says: the path names it (`payload.unitSeal.imprint`). */
export const malformedPayload = (path: string, what: string) => invalidArgument('MALFORMED_PAYLOAD', `${path} must be ${what}`, { field: path });

/** A nested message of a payload, at `path`. */
export function payloadRecord(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformedPayload(path, 'a JSON object');
  return value as Record<string, unknown>;
}

/** A text field; absent is '' (proto3 leaves empty strings out), which the action refuses where it is required. */
export function payloadText(record: Record<string, unknown>, field: string, parent = 'payload'): string {
  const value = record[field] ?? '';
  if (typeof value !== 'string') throw malformedPayload(`${parent}.${field}`, 'a string');
  return checkText(value, `${parent}.${field}`, textLimitOf(field));
}
