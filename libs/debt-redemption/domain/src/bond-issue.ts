import { Decimal } from 'decimal.js';
import { DomainError, excerpt, invalidArgument, parseBusinessDate, parsePositiveAmount, type Amount, type BusinessDate } from '@jinku/kernel';

/** 无记名国债 (bearer bonds, paper certificates with serials) and 国债收款单 (bond receipts, numbered). */
export const INSTRUMENT_KINDS = ['bearer_bond', 'bond_receipt'] as const;
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];

/** The serials an issue sold: a prefix and a numbered run, all of one face value. */
export interface SerialRange {
  readonly prefix: string;
  readonly first: number;
  readonly last: number;
  readonly faceValue: Amount;
}

/** A bond issue with its terms, as the treasury registers it from the Ministry of Finance's issuance notice. */
export interface BondIssue {
  readonly code: string;
  readonly name: string;
  readonly kind: InstrumentKind;
  /** Annual coupon in percent (票面年利率), simple interest paid at maturity with the principal. */
  readonly couponRate: Decimal;
  readonly valueDate: BusinessDate;
  readonly maturityDate: BusinessDate;
  /** The redemption window (兑付期): claims dated inside it are taken. */
  readonly redeemFrom: BusinessDate;
  readonly redeemTo: BusinessDate;
  readonly ranges: readonly SerialRange[];
}

export interface BondIssueInput {
  readonly code: string;
  readonly name: string;
  readonly kind: string;
  readonly couponRate: string;
  readonly valueDate: string;
  readonly maturityDate: string;
  readonly redeemFrom: string;
  readonly redeemTo: string;
  readonly ranges: readonly { readonly prefix: string; readonly first: string; readonly last: string; readonly faceValue: string }[];
}

/** A serial: letters, then the number within the issue's run, e.g. `A00012345`. */
const SERIAL = /^([A-Z]{0,4})([0-9]{1,12})$/;
const RATE = /^[0-9]{1,2}(\.[0-9]{1,4})?$/;
/** More ranges than an issue's sales records carry is a mistake. */
export const MAX_RANGES = 1_000;

const bad = (field: string, what: string) => invalidArgument('MALFORMED_BOND_ISSUE', `${field} ${what}`, { field });

function date(text: string, field: string): BusinessDate {
  try {
    return parseBusinessDate(text, field);
  } catch {
    throw bad(field, `is a date YYYY-MM-DD, got "${excerpt(text, 20)}"`);
  }
}

function rangeOf(range: BondIssueInput['ranges'][number], index: number): SerialRange {
  const field = (name: string) => `ranges[${index}].${name}`;
  if (!/^[A-Z]{0,4}$/.test(range.prefix)) throw bad(field('prefix'), 'is 0 to 4 capital letters');
  const [first, last] = [Number(range.first), Number(range.last)];
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first < 0 || last < first) throw bad(field('first'), 'and last are whole numbers, first ≤ last');
  let faceValue: Amount;
  try {
    faceValue = parsePositiveAmount(range.faceValue, field('face_value'));
  } catch (error) {
    if (error instanceof DomainError) throw bad(field('face_value'), 'is a positive amount in yuan');
    throw error;
  }
  return { prefix: range.prefix, first, last, faceValue };
}

/** Refuses MALFORMED_BOND_ISSUE naming the field: dates in order (value ≤ maturity ≤ window), a coupon, serial runs. */
export function checkBondIssue(input: BondIssueInput): BondIssue {
  if (!/^[A-Za-z0-9-]{1,32}$/.test(input.code)) throw bad('code', 'is 1 to 32 letters, digits or hyphens');
  if (!input.name.trim()) throw bad('name', 'is required');
  if (!(INSTRUMENT_KINDS as readonly string[]).includes(input.kind)) throw bad('kind', `is one of ${INSTRUMENT_KINDS.join(', ')}`);
  if (!RATE.test(input.couponRate)) throw bad('coupon_rate', 'is an annual percent with at most four decimals');
  const valueDate = date(input.valueDate, 'value_date');
  const maturityDate = date(input.maturityDate, 'maturity_date');
  const redeemFrom = date(input.redeemFrom, 'redeem_from');
  const redeemTo = date(input.redeemTo, 'redeem_to');
  if (!(valueDate < maturityDate && maturityDate <= redeemFrom && redeemFrom <= redeemTo)) {
    throw bad('maturity_date', 'falls after the value date, and the redemption window opens on or after maturity');
  }
  if (input.ranges.length === 0 || input.ranges.length > MAX_RANGES) throw bad('ranges', `lists 1 to ${MAX_RANGES} serial runs`);
  return { code: input.code, name: input.name.trim(), kind: input.kind as InstrumentKind, couponRate: new Decimal(input.couponRate), valueDate, maturityDate, redeemFrom, redeemTo, ranges: input.ranges.map(rangeOf) };
}

/** Whole years from the value date to maturity (a 3-year or 5-year savings bond). */
export function termYears(issue: Pick<BondIssue, 'valueDate' | 'maturityDate'>): number {
  const [y1, m1, d1] = issue.valueDate.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = issue.maturityDate.split('-').map(Number) as [number, number, number];
  return y2 - y1 - (m2 < m1 || (m2 === m1 && d2 < d1) ? 1 : 0);
}

/** Interest at maturity: face value × coupon × term years, simple, rounded half up to the fen. */
export function interestDue(issue: Pick<BondIssue, 'couponRate' | 'valueDate' | 'maturityDate'>, faceValue: Amount): Amount {
  return faceValue.times(issue.couponRate).times(termYears(issue)).dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/**
 * A serial split into its prefix and number, and written canonically (the number without leading zeros), so
 * `A00012345` and `A12345` are one instrument; undefined when it is not a serial.
 */
export function parseSerial(serial: string): { prefix: string; number: number; canonical: string } | undefined {
  const match = SERIAL.exec(serial);
  if (!match) return undefined;
  const number = Number(match[2]);
  return Number.isSafeInteger(number) ? { prefix: match[1]!, number, canonical: `${match[1]!}${number}` } : undefined;
}
