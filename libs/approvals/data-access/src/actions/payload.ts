import { invalidArgument, parseAmount, parsePositiveAmount } from '@jinku/kernel';
import type { Side, VoucherLineDraft } from '@jinku/ledger-domain';

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
  return value;
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
      classificationCode: typeof line['classificationCode'] === 'string' && line['classificationCode'] ? line['classificationCode'] : null,
    };
  });
}

/** A string field that may be absent or empty: null then. */
export function optionalText(record: Record<string, unknown>, field: string): string | null {
  const value = record[field];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw invalidArgument('MALFORMED_PAYLOAD', `payload.${field} must be a string`, { field });
  return value;
}
