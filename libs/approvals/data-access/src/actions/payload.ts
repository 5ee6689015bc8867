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

/** Voucher lines as JSON: `{accountNumber, side, amount, classificationCode?}`. */
export function linesOf(record: Record<string, unknown>): VoucherLineDraft[] {
  const lines = record['lines'];
  if (!Array.isArray(lines) || lines.length === 0) throw invalidArgument('MALFORMED_PAYLOAD', 'payload.lines must be a non-empty array');
  return lines.map((raw, index) => {
    const line = objectOf(raw);
    const side = text(line, 'side') as Side;
    if (!SIDES.includes(side)) throw invalidArgument('MALFORMED_PAYLOAD', `payload.lines[${index}].side must be one of ${SIDES.join(', ')}`);
    return {
      accountNumber: text(line, 'accountNumber'),
      side,
      amount: parseAmount(text(line, 'amount'), `payload.lines[${index}].amount`),
      fiscalLevel: null,
      classificationCode: typeof line['classificationCode'] === 'string' && line['classificationCode'] ? line['classificationCode'] : null,
    };
  });
}
