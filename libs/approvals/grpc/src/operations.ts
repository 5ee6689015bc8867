import { textLimitOf } from '@jinku/approvals';
import { checkText, formatAmount, invalidArgument, parseAmount } from '@jinku/kernel';
import { MAX_DOCUMENTS } from '@jinku/ledger-domain';
import { approvalsV1, ledgerV1 } from '@jinku/proto';

/**
 * Translation between the typed operations of approvals.v1 and the payloads the approvals lib keeps. The
 * payloads mirror the messages field for field (camelCase); only enums become words. The actions validate.
 */

type OperationCase = NonNullable<approvalsV1.Operation['operation']>['$case'];

const SIDES: Partial<Record<ledgerV1.Side, string>> = {
  [ledgerV1.Side.SIDE_DEBIT]: 'debit',
  [ledgerV1.Side.SIDE_CREDIT]: 'credit',
  [ledgerV1.Side.SIDE_RECEIPT]: 'receipt',
  [ledgerV1.Side.SIDE_PAYMENT]: 'payment',
};
const ORIGINS: Partial<Record<approvalsV1.ErrorOrigin, string>> = {
  [approvalsV1.ErrorOrigin.ERROR_ORIGIN_TREASURY]: 'treasury',
  [approvalsV1.ErrorOrigin.ERROR_ORIGIN_COUNTERPARTY]: 'counterparty',
};
/** The operations whose voucher lines are the ledger's (sides as enums), and the fields that carry them. */
const LINE_FIELDS: Partial<Record<OperationCase, readonly string[]>> = { manualVoucher: ['lines'], errorCorrection: ['correctionLines'] };

/** `manualVoucher` → `manual_voucher`: proto names, for request kinds and for the fields a refusal names. */
const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const caseOf = (kind: string) => kind.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()) as OperationCase;
/** The enum value a word stands for (the maps are keyed by numeric enum values). */
const enumOf = (map: Partial<Record<number, string>>, word: unknown): number => Number(Object.entries(map).find(([, w]) => w === word)?.[0] ?? 0);

/** The request kind (`manual_voucher`, …) and its payload, from the operation that is set. */
export function operationFromWire(operation: approvalsV1.Operation | undefined): { kind: string; payload: Record<string, unknown> } {
  const chosen = operation?.operation;
  if (!chosen) throw invalidArgument('MISSING_OPERATION', 'operation must name one business operation (manual_voucher, error_correction, …)', { field: 'operation' });
  const payload: Record<string, unknown> = { ...chosen.value };
  for (const field of LINE_FIELDS[chosen.$case] ?? []) {
    const lines = payload[field] as ledgerV1.VoucherLine[] | undefined;
    if (lines) payload[field] = lines.map((line) => ({ accountNumber: line.accountNumber, side: SIDES[line.side] ?? '', amount: line.amount, classificationCode: line.classificationCode }));
  }
  // ErrorCorrection's origin is an enum; a revenue correction's is already a word.
  if (chosen.$case === 'errorCorrection') payload['origin'] = ORIGINS[payload['origin'] as approvalsV1.ErrorOrigin] ?? '';
  return { kind: snakeCase(chosen.$case), payload };
}

/** The stored payload as its typed operation again. */
export function operationToWire(kind: string, payload: unknown): approvalsV1.Operation {
  const value: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  for (const field of LINE_FIELDS[caseOf(kind)] ?? []) {
    const lines = value[field] as { accountNumber: string; side: string; amount: unknown; classificationCode: string | null }[] | undefined;
    if (lines) {
      value[field] = lines.map((line) => ({
        accountNumber: line.accountNumber,
        side: enumOf(SIDES, line.side),
        amount: formatAmount(parseAmount(String(line.amount))),
        fiscalLevel: '',
        classificationCode: line.classificationCode ?? '',
      }));
    }
  }
  if (kind === 'error_correction') value['origin'] = enumOf(ORIGINS, value['origin']);
  return approvalsV1.Operation.fromPartial({ operation: { $case: caseOf(kind), value } as never });
}

const isOneof = (value: unknown): value is { $case: string; value: unknown } => typeof value === 'object' && value !== null && '$case' in value;
const joinPath = (path: string, name: string) => (path ? `${path}.${name}` : name);

function checkTextsIn(value: unknown, path: string, field: string): void {
  if (typeof value === 'string') {
    checkText(value, path, textLimitOf(field));
  } else if (Array.isArray(value)) {
    if (field === 'documents' && value.length > MAX_DOCUMENTS) {
      throw invalidArgument('TOO_MANY_DOCUMENTS', `${path} names more than ${MAX_DOCUMENTS} documents`, { field: path, maxCount: String(MAX_DOCUMENTS) });
    }
    value.forEach((item, index) => checkTextsIn(item, `${path}[${index}]`, field));
  } else if (isOneof(value)) {
    // The chosen case names the path: operation.manual_voucher.summary.
    checkTextsIn(value.value, joinPath(path, snakeCase(value.$case)), value.$case);
  } else if (typeof value === 'object' && value !== null) {
    // A oneof field adds no name of its own: its case does.
    for (const [key, item] of Object.entries(value)) checkTextsIn(item, isOneof(item) ? path : joinPath(path, snakeCase(key)), key);
  }
}

/**
 * Every text of an incoming approvals.v1 message, however deep — the typed operation's fields and lines,
 * the documents, a comment, re-entered key elements — against its limit and the kernel's text rule
 * (no control characters, valid UTF-8), before anything is translated, looked up or stored.
 */
export function checkedTexts<T>(message: T): T {
  checkTextsIn(message, '', '');
  return message;
}
