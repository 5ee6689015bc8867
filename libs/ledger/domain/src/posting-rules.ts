import { invalidArgument, permissionDenied } from '@jinku/kernel';
import type { SubjectRole } from './chart';
import type { PostingLine, VoucherKind } from './voucher';

/** Lines a receipt may carry: money coming in through the clearing account, credited to revenue or deposits. */
const RECEIPT_DEBIT_ROLES: readonly SubjectRole[] = ['clearing'];
const RECEIPT_CREDIT_ROLES: readonly SubjectRole[] = ['revenue', 'deposit'];

/**
 * A voucher posted directly, with immediate effect, must be a receipt (收入缴库, R31): every debit on the
 * clearing account the treasury receives through, every credit on a revenue or deposit account. Anything
 * else — a debit of a deposit account, suspense (R19(3)), inter-treasury or custody lines — moves money or
 * undoes the books and is posted only inside an approved business operation.
 */
export function assertReceiptShaped(kind: VoucherKind, lines: readonly PostingLine[]): void {
  if (kind !== 'ordinary') throw permissionDenied('NOT_A_RECEIPT', 'only ordinary receipt vouchers post directly; reversals and corrections are correction requests (R40)');
  lines.forEach((line, index) => {
    const allowed = line.side === 'debit' ? RECEIPT_DEBIT_ROLES : line.side === 'credit' ? RECEIPT_CREDIT_ROLES : [];
    if (!allowed.includes(line.account.subject.role)) {
      throw permissionDenied(
        'NOT_A_RECEIPT',
        `lines[${index}]: a ${line.side} of ${line.account.number} (${line.account.subject.role}) is not part of a receipt; it needs an approved business operation (R18, R19)`,
        { field: `lines[${index}]`, account: line.account.number },
      );
    }
  });
}

/**
 * Whether the lines send money out of the treasury (资金划出): a deposit account debited, or the clearing
 * account credited. Such a voucher needs the blind key-element audit before it posts (R18(3)).
 */
export function movesMoneyOut(lines: readonly PostingLine[]): boolean {
  return lines.some(
    (line) => (line.side === 'debit' && line.account.subject.role === 'deposit') || (line.side === 'credit' && line.account.subject.role === 'clearing'),
  );
}

/**
 * Idempotency keys Jinku derives itself (an approved request's voucher, an interest posting) carry this
 * prefix; clients may not use it, so a client can never take a key the system will need later.
 */
export const SYSTEM_KEY_PREFIX = 'sys:';

export function assertClientKey(idempotencyKey: string): void {
  if (idempotencyKey.startsWith(SYSTEM_KEY_PREFIX)) {
    throw invalidArgument('RESERVED_IDEMPOTENCY_KEY', `idempotency keys starting "${SYSTEM_KEY_PREFIX}" are reserved for Jinku's own postings`, {
      field: 'idempotency_key',
    });
  }
}

/** The key of a voucher the system posts for `purpose` (e.g. `approval-request:17`). */
export const systemKey = (purpose: string): string => `${SYSTEM_KEY_PREFIX}${purpose}`;
