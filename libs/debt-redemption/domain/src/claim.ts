import { Decimal } from 'decimal.js';
import type { Amount, BusinessDate } from '@jinku/kernel';
import { interestDue, parseSerial, type BondIssue } from './bond-issue';

/** One instrument the bank surrendered (缴券): which issue, its serial, what the bank paid the holder. */
export interface ClaimedInstrument {
  readonly issueCode: string;
  readonly serial: string;
  readonly faceValue: string;
  readonly interest: string;
}

/** Why an instrument is not taken, each its own reason (R49: every surrendered instrument is checked). */
export const INSTRUMENT_FAILURES = [
  'MALFORMED_INSTRUMENT',
  'DUPLICATE_IN_CLAIM',
  'UNKNOWN_SERIAL',
  'NOT_REDEEMABLE',
  'ALREADY_REDEEMED',
  'FACE_VALUE_MISMATCH',
  'INTEREST_MISMATCH',
] as const;
export type InstrumentFailureReason = (typeof INSTRUMENT_FAILURES)[number];

export interface InstrumentFailure {
  readonly index: number;
  readonly serial: string;
  readonly reason: InstrumentFailureReason;
  readonly detail: string;
}

/** What the registry says of a claimed serial (canonical): its issue and face value, and whether it was redeemed before. */
export interface RegisteredInstrument {
  readonly issue: BondIssue;
  readonly faceValue: Amount;
  readonly redeemed: boolean;
}

export interface VerifiedInstrument {
  readonly issue: BondIssue;
  readonly serial: string;
  readonly faceValue: Amount;
  readonly interest: Amount;
}

const MONEY = /^[0-9]{1,17}(\.[0-9]{1,2})?$/;

/**
 * R49 先缴券、后划款: each surrendered instrument is checked before any money moves — the serial is one an issue
 * sold, the issue is in its redemption window on the claim's date, the serial was not redeemed before (nor twice
 * in this claim), and the face value and interest are the terms'. Returns every failure, by instrument, and the
 * instruments verified; a claim is taken only when there are no failures.
 */
export function verifyInstruments(
  claimed: readonly ClaimedInstrument[],
  registered: (issueCode: string, canonicalSerial: string) => RegisteredInstrument | undefined,
  claimDate: BusinessDate,
): { failures: InstrumentFailure[]; verified: VerifiedInstrument[] } {
  const failures: InstrumentFailure[] = [];
  const verified: VerifiedInstrument[] = [];
  const seen = new Set<string>();
  claimed.forEach((instrument, index) => {
    const fail = (reason: InstrumentFailureReason, detail: string) => failures.push({ index, serial: instrument.serial.slice(0, 32), reason, detail });
    const serial = parseSerial(instrument.serial);
    if (!serial || !MONEY.test(instrument.faceValue) || !MONEY.test(instrument.interest)) {
      return fail('MALFORMED_INSTRUMENT', 'a serial is up to 4 capital letters and 12 digits; amounts are yuan with at most two decimals');
    }
    const key = `${instrument.issueCode}\u001f${serial.canonical}`;
    if (seen.has(key)) return fail('DUPLICATE_IN_CLAIM', 'the same serial twice in one claim');
    seen.add(key);
    const found = registered(instrument.issueCode, serial.canonical);
    if (!found) return fail('UNKNOWN_SERIAL', `issue ${instrument.issueCode.slice(0, 32)} sold no serial ${instrument.serial.slice(0, 32)}`);
    const { issue } = found;
    if (claimDate < issue.redeemFrom || claimDate > issue.redeemTo) return fail('NOT_REDEEMABLE', `issue ${issue.code} is redeemed from ${issue.redeemFrom} to ${issue.redeemTo}`);
    if (found.redeemed) return fail('ALREADY_REDEEMED', `serial ${instrument.serial} was redeemed before`);
    const faceValue = new Decimal(instrument.faceValue);
    if (!faceValue.equals(found.faceValue)) return fail('FACE_VALUE_MISMATCH', `the serial's face value is ${found.faceValue.toFixed(2)}`);
    const due = interestDue(issue, faceValue);
    if (!new Decimal(instrument.interest).equals(due)) return fail('INTEREST_MISMATCH', `the terms give ${due.toFixed(2)} of interest`);
    verified.push({ issue, serial: serial.canonical, faceValue, interest: due });
  });
  return { failures, verified };
}
