import { formatAmount, invalidArgument, parseAmount } from '@jinku/kernel';
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
const LINE_FIELDS = ['lines', 'correctionLines'] as const;

const kindOf = (operationCase: string) => operationCase.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const caseOf = (kind: string) => kind.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()) as OperationCase;
/** The enum value a word stands for (the maps are keyed by numeric enum values). */
const enumOf = (map: Partial<Record<number, string>>, word: unknown): number => Number(Object.entries(map).find(([, w]) => w === word)?.[0] ?? 0);

/** The request kind (`manual_voucher`, …) and its payload, from the operation that is set. */
export function operationFromWire(operation: approvalsV1.Operation | undefined): { kind: string; payload: Record<string, unknown> } {
  const chosen = operation?.operation;
  if (!chosen) throw invalidArgument('MISSING_OPERATION', 'operation must name one business operation (manual_voucher, error_correction, …)', { field: 'operation' });
  const payload: Record<string, unknown> = { ...chosen.value };
  for (const field of LINE_FIELDS) {
    const lines = payload[field] as ledgerV1.VoucherLine[] | undefined;
    if (lines) payload[field] = lines.map((line) => ({ accountNumber: line.accountNumber, side: SIDES[line.side] ?? '', amount: line.amount, classificationCode: line.classificationCode }));
  }
  if ('origin' in payload) payload['origin'] = ORIGINS[payload['origin'] as approvalsV1.ErrorOrigin] ?? '';
  return { kind: kindOf(chosen.$case), payload };
}

/** The stored payload as its typed operation again. */
export function operationToWire(kind: string, payload: unknown): approvalsV1.Operation {
  const value: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  for (const field of LINE_FIELDS) {
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
  if ('origin' in value) value['origin'] = enumOf(ORIGINS, value['origin']);
  return approvalsV1.Operation.fromPartial({ operation: { $case: caseOf(kind), value } as never });
}
