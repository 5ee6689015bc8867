import { checkText, excerpt, failedPrecondition, invalidArgument, parsePositiveAmount, permissionDenied, type Amount } from '@jinku/kernel';
import { TEXT_LIMITS } from '@jinku/ledger-domain';

/** Important blank vouchers (重要空白凭证) and valuable documents (有价单证), R27. */
export const VALUABLE_CATEGORIES = ['blank_voucher', 'valuable_document'] as const;
export type ValuableCategory = (typeof VALUABLE_CATEGORIES)[number];

/** The off-balance subject (表外科目) each category is booked under. */
export const OFF_BALANCE_SUBJECTS: Readonly<Record<ValuableCategory, string>> = { blank_voucher: '7021', valuable_document: '7022' };

/** Where a piece is: with the keeper (保管户) or issued to a user and not yet used (使用户), booked apart (R27). */
export type ValuableHolding = 'custody' | 'use';
const HOLDING_SUFFIX: Readonly<Record<ValuableHolding, string>> = { custody: '10', use: '20' };

export interface ValuableKind {
  readonly code: string;
  readonly name: string;
  readonly category: ValuableCategory;
  /** The value one piece is booked at, in yuan. */
  readonly unitValue: string;
  /** Digits printed on the form: serials are shown zero-padded to it and never exceed it. */
  readonly serialWidth: number;
}

/** The serial-numbered stock a treasury keeps. Blank forms are booked at one yuan a piece. */
export const VALUABLE_KINDS: readonly ValuableKind[] = [
  { code: 'revenue_refund_book', name: '收入退还书', category: 'blank_voucher', unitValue: '1.00', serialWidth: 8 },
  { code: 'correction_notice', name: '更正通知书', category: 'blank_voucher', unitValue: '1.00', serialWidth: 8 },
  { code: 'inter_treasury_transfer_voucher', name: '国库往来转账凭证', category: 'blank_voucher', unitValue: '1.00', serialWidth: 8 },
  { code: 'bond_receipt_form', name: '国债收款单', category: 'valuable_document', unitValue: '1.00', serialWidth: 10 },
];

/** The account a kind's pieces are booked on while in `holding`: subject + 10 (保管户) or + 20 (使用户). */
export const holdingAccount = (kind: ValuableKind, holding: ValuableHolding): string => `${OFF_BALANCE_SUBJECTS[kind.category]}${HOLDING_SUFFIX[holding]}`;

export function valuableKind(code: string): ValuableKind {
  const kind = VALUABLE_KINDS.find((k) => k.code === code);
  if (!kind) throw invalidArgument('UNKNOWN_VALUABLE_KIND', `no valuable kind "${excerpt(code)}" (R27)`, { field: 'kind' });
  return kind;
}

/** The booked value of `pieces` pieces: exact, in decimal. */
export const valueOf = (kind: ValuableKind, pieces: number): Amount => parsePositiveAmount(kind.unitValue, 'unit_value').times(pieces);

/** One movement moves at most this many pieces: a bound on what a mistyped range can do. */
export const MAX_PIECES_PER_MOVEMENT = 100_000;

/** Inclusive serial range; serials fit PostgreSQL's bigint (at most 18 digits). */
export interface SerialRange {
  readonly first: bigint;
  readonly last: bigint;
  readonly count: number;
}

const SERIAL = /^[0-9]{1,18}$/;

/** Parses a serial: decimal digits, leading zeros allowed, never wider than the kind's forms. */
export function parseSerial(kind: ValuableKind, text: string, field = 'serial'): bigint {
  if (!SERIAL.test(text)) throw invalidArgument('MALFORMED_SERIAL', `${field} must be 1 to 18 decimal digits, got "${excerpt(text)}"`, { field });
  const serial = BigInt(text);
  if (serial >= 10n ** BigInt(kind.serialWidth)) {
    throw invalidArgument('MALFORMED_SERIAL', `${field}: ${kind.name} serials have ${kind.serialWidth} digits, got "${text}"`, { field });
  }
  return serial;
}

export const formatSerial = (kind: ValuableKind, serial: bigint): string => serial.toString().padStart(kind.serialWidth, '0');

export function parseRange(kind: ValuableKind, firstText: string, lastText: string): SerialRange {
  const first = parseSerial(kind, firstText, 'first_serial');
  const last = parseSerial(kind, lastText, 'last_serial');
  if (last < first) throw invalidArgument('MALFORMED_SERIAL', `last_serial ${lastText} comes before first_serial ${firstText}`, { field: 'last_serial' });
  if (last - first >= BigInt(MAX_PIECES_PER_MOVEMENT)) {
    throw invalidArgument('RANGE_TOO_LARGE', `one movement moves at most ${MAX_PIECES_PER_MOVEMENT} pieces`, { maxPieces: String(MAX_PIECES_PER_MOVEMENT) });
  }
  return { first, last, count: Number(last - first) + 1 };
}

export const singleSerial = (kind: ValuableKind, text: string): SerialRange => parseRange(kind, text, text);

export const formatRange = (kind: ValuableKind, range: SerialRange): string =>
  range.count === 1 ? formatSerial(kind, range.first) : `${formatSerial(kind, range.first)}–${formatSerial(kind, range.last)}`;

const shown = (kind: ValuableKind, range: SerialRange): string => `${kind.name} ${formatRange(kind, range)}`;

/** A text the register needs (a document, a reason, a person): present, and storable. */
export function requiredText(value: string, field: string, reason: string, maxLength: number = TEXT_LIMITS.documentReference): string {
  checkText(value, field, maxLength);
  if (!value.trim()) throw invalidArgument(reason, `${field} is required (R27)`, { field });
  return value;
}

/** A serial is received into stock once: the first serial of the range already on the register, if any. */
export function assertNotYetReceived(kind: ValuableKind, range: SerialRange, firstAlreadyReceived: bigint | null): void {
  if (firstAlreadyReceived !== null) {
    const serial = formatSerial(kind, firstAlreadyReceived);
    throw failedPrecondition('SERIAL_ALREADY_RECEIVED', `${kind.name} ${serial} is already on the register (R27)`, { serial });
  }
}

/** What the register says of the keeper's stock of one kind. */
export interface CustodyFacts {
  /** Every serial of the requested range is in custody. */
  readonly holdsRange: boolean;
  /** The lowest serial in custody, if any. */
  readonly lowest: bigint | null;
}

/** 销号控制 (R27): stock is issued in number order — the range starts at the lowest serial in custody. */
export function assertNextToIssue(kind: ValuableKind, range: SerialRange, custody: CustodyFacts): void {
  if (!custody.holdsRange) throw failedPrecondition('SERIAL_NOT_IN_CUSTODY', `${shown(kind, range)} is not all in custody (R27)`);
  if (range.first !== custody.lowest) throw skipped(kind, 'issue', custody.lowest!);
}

/** The keeper and the user are different people (证、账分管, R27). */
export function assertNotIssuedToSelf(keeperUserId: string, toUserId: string): void {
  if (keeperUserId === toUserId) throw permissionDenied('KEEPER_MAY_NOT_ISSUE_TO_SELF', 'the keeper of the stock does not issue it to themself (R27)');
}

/** What the register says of one holder's pieces of one kind. */
export interface HolderFacts {
  /** The serial was issued to this holder. */
  readonly issued: boolean;
  /** …and is neither used nor voided yet. */
  readonly unused: boolean;
  /** The holder's lowest unused serial, if any. */
  readonly next: bigint | null;
}

/** 销号控制 (R27): a holder uses or voids only their own pieces, one by one in number order. */
export function assertNextToUse(kind: ValuableKind, serial: bigint, holder: HolderFacts): void {
  const text = formatSerial(kind, serial);
  if (!holder.issued) throw permissionDenied('SERIAL_NOT_ISSUED_TO_YOU', `${kind.name} ${text} was not issued to you (R27)`, { serial: text });
  if (!holder.unused) throw failedPrecondition('SERIAL_ALREADY_USED', `${kind.name} ${text} is already used or voided (R27)`, { serial: text });
  if (serial !== holder.next) throw skipped(kind, 'use or void', holder.next!);
}

function skipped(kind: ValuableKind, action: string, next: bigint) {
  const nextSerial = formatSerial(kind, next);
  return failedPrecondition('SERIAL_SKIPPED', `the next ${kind.name} to ${action} is ${nextSerial}: numbers go in order, none skipped (R27)`, { nextSerial });
}

/** Where destroyed pieces come from: unissued stock (booked off custody) or voided pieces (already off the books). */
export type DestroyedFrom = 'custody' | 'voided';

/** Only stock still in custody or voided pieces are destroyed, all of a range from one of the two. */
export function destroyedFrom(kind: ValuableKind, range: SerialRange, facts: { inCustody: boolean; voided: boolean }): DestroyedFrom {
  if (facts.inCustody) return 'custody';
  if (facts.voided) return 'voided';
  throw failedPrecondition('SERIAL_NOT_DESTROYABLE', `${shown(kind, range)} is not all in custody nor all voided; only those are destroyed (R27)`);
}

/** Destruction is witnessed by someone other than the one who destroys. */
export function assertWitness(actorUserId: string, witnessUserId: string): void {
  requiredText(witnessUserId, 'witness_user_id', 'WITNESS_REQUIRED');
  if (witnessUserId === actorUserId) throw permissionDenied('WITNESS_MAY_NOT_DESTROY', 'the witness of a destruction is not the one who destroys (R27)');
}
