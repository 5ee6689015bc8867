import { Decimal } from 'decimal.js';
import { failedPrecondition, type Amount } from '@jinku/kernel';
import type { PostedVoucher, SourceDocument, VoucherLineDraft } from '@jinku/ledger-domain';

/**
 * A correction of part of a posted voucher (R30, R42): red lines taking back some of the original's lines,
 * blue lines putting the amount where it belongs. A receipt whose revenue code or level was wrong for part of
 * it, say, is corrected for that part; what stays right stays.
 */
export interface PartialCorrectionCommand {
  readonly treasuryId: string;
  readonly voucherId: string;
  readonly summary: string;
  readonly documents: readonly SourceDocument[];
  /** Negative amounts, each on an account and side the original posted to, never more than it posted there. */
  readonly redLines: readonly VoucherLineDraft[];
  readonly blueLines: readonly VoucherLineDraft[];
}

const keyOf = (line: { accountNumber: string; side: string; fiscalLevel: string | null; classificationCode: string | null }) =>
  [line.accountNumber, line.side, line.fiscalLevel ?? '', line.classificationCode ?? ''].join('\u001f');

/**
 * The red lines take back only what the original posted and its earlier corrections left there: per account,
 * side, level and code, never more than the net of the original's line and every red and blue line since.
 */
export function assertTakesBackPartOf(original: PostedVoucher, corrections: readonly PostedVoucher[], redLines: readonly VoucherLineDraft[]): void {
  if (original.kind === 'reversal') {
    throw failedPrecondition('CANNOT_REVERSE_REVERSAL', `voucher ${original.id} is itself a reversal; correct the original voucher instead`);
  }
  const standing = new Map<string, Amount>();
  for (const line of [original, ...corrections].flatMap((voucher) => voucher.lines)) {
    const key = keyOf({ ...line, accountNumber: line.account.number });
    standing.set(key, (standing.get(key) ?? new Decimal(0)).plus(line.amount));
  }
  for (const line of redLines) {
    const key = keyOf(line);
    const left = (standing.get(key) ?? new Decimal(0)).plus(line.amount);
    if (!line.amount.isNegative() || left.isNegative()) {
      throw failedPrecondition('RED_LINE_NOT_IN_ORIGINAL', `a red line on ${line.accountNumber} (${line.side} ${line.amount.toFixed(2)}) takes back more than voucher ${original.id} and its corrections left there (R30)`, {
        account: line.accountNumber,
      });
    }
    standing.set(key, left);
  }
}
