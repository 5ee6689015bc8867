import fc from 'fast-check';
import { formatAmount } from '@jinku/kernel';
import { refusalOfCall } from '@jinku/kernel/testing';
import { describe, expect, it } from 'vitest';
import {
  assertNextToIssue,
  assertNextToUse,
  assertNotIssuedToSelf,
  assertNotYetReceived,
  assertWitness,
  destroyedFrom,
  formatSerial,
  holdingAccount,
  MAX_PIECES_PER_MOVEMENT,
  parseRange,
  parseSerial,
  singleSerial,
  VALUABLE_KINDS,
  valuableKind,
  valueOf,
  type ValuableKind,
} from './valuables';

const refundBook = valuableKind('revenue_refund_book');
const anyKind = fc.constantFrom(...VALUABLE_KINDS);
/** A serial that fits the kind's width. */
const serialOf = (kind: ValuableKind) => fc.bigInt({ min: 0n, max: 10n ** BigInt(kind.serialWidth) - 1n });

describe('the catalogue of kinds (R27)', () => {
  it('books blank vouchers under 7021 and valuable documents under 7022, custody and use apart', () => {
    expect(VALUABLE_KINDS.filter((k) => k.category === 'blank_voucher').map((k) => holdingAccount(k, 'custody'))).toEqual(['702110', '702110', '702110']);
    expect(holdingAccount(refundBook, 'use')).toBe('702120');
    const bondForm = valuableKind('bond_receipt_form');
    expect([holdingAccount(bondForm, 'custody'), holdingAccount(bondForm, 'use')]).toEqual(['702210', '702220']);
    for (const kind of VALUABLE_KINDS) {
      expect(kind.serialWidth).toBeGreaterThanOrEqual(1);
      expect(kind.serialWidth).toBeLessThanOrEqual(18);
      expect(formatAmount(valueOf(kind, 1))).toBe(kind.unitValue);
    }
    expect(new Set(VALUABLE_KINDS.map((k) => k.code)).size).toBe(VALUABLE_KINDS.length);
  });

  it('refuses an unknown kind', () => {
    expect(refusalOfCall(() => valuableKind('cheque'))).toMatchObject({ kind: 'invalid_argument', reason: 'UNKNOWN_VALUABLE_KIND' });
  });

  it('values pieces exactly at the unit value', () => {
    fc.assert(
      fc.property(anyKind, fc.integer({ min: 1, max: 1_000_000_000 }), (kind, pieces) => {
        expect(formatAmount(valueOf(kind, pieces).dividedBy(pieces))).toBe(kind.unitValue);
        expect(valueOf(kind, pieces).decimalPlaces()).toBeLessThanOrEqual(2);
      }),
    );
  });
});

describe('serials and ranges', () => {
  it('reads back what it prints, zero-padded to the width, with or without leading zeros', () => {
    fc.assert(
      fc.property(anyKind.chain((kind) => fc.tuple(fc.constant(kind), serialOf(kind))), ([kind, serial]) => {
        const printed = formatSerial(kind, serial);
        expect(printed).toHaveLength(kind.serialWidth);
        expect(parseSerial(kind, printed)).toBe(serial);
        expect(parseSerial(kind, serial.toString())).toBe(serial);
      }),
    );
  });

  it('refuses anything but 1 to 18 digits within the width', () => {
    for (const text of ['', ' 1', '1e3', '-1', '+1', '12.0', '１２', '1234567890123456789', '0x10']) {
      expect(refusalOfCall(() => parseSerial(refundBook, text))).toMatchObject({ kind: 'invalid_argument', reason: 'MALFORMED_SERIAL' });
    }
    expect(refusalOfCall(() => parseSerial(refundBook, '100000000'))).toMatchObject({ reason: 'MALFORMED_SERIAL' });
    expect(parseSerial(refundBook, '000099999999')).toBe(99_999_999n);
  });

  it('counts a range inclusively and caps it at the movement limit', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 99_000_000n }), fc.integer({ min: 1, max: MAX_PIECES_PER_MOVEMENT }), (first, count) => {
        const last = first + BigInt(count) - 1n;
        expect(parseRange(refundBook, String(first), String(last))).toEqual({ first, last, count });
        const oneMore = refusalOfCall(() => parseRange(refundBook, String(first), String(last + 1n)));
        expect(oneMore?.reason).toBe(count === MAX_PIECES_PER_MOVEMENT ? 'RANGE_TOO_LARGE' : undefined);
      }),
    );
    expect(refusalOfCall(() => parseRange(refundBook, '20', '19'))).toMatchObject({ reason: 'MALFORMED_SERIAL' });
    expect(singleSerial(refundBook, '7')).toEqual({ first: 7n, last: 7n, count: 1 });
  });
});

describe('销号控制: number order, no number skipped (R27)', () => {
  it('receives a serial once', () => {
    expect(refusalOfCall(() => assertNotYetReceived(refundBook, singleSerial(refundBook, '5'), null))).toBeUndefined();
    expect(refusalOfCall(() => assertNotYetReceived(refundBook, parseRange(refundBook, '1', '9'), 5n))).toMatchObject({
      kind: 'failed_precondition',
      reason: 'SERIAL_ALREADY_RECEIVED',
      details: { serial: '00000005' },
    });
  });

  it('issues only from the lowest serial in custody, and says which serial is next', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 99_999_999n }), fc.bigInt({ min: 0n, max: 99_999_999n }), (lowest, first) => {
        const refusal = refusalOfCall(() => assertNextToIssue(refundBook, { first, last: first, count: 1 }, { holdsRange: true, lowest }));
        if (first === lowest) expect(refusal).toBeUndefined();
        else expect(refusal).toMatchObject({ reason: 'SERIAL_SKIPPED', details: { nextSerial: formatSerial(refundBook, lowest) } });
      }),
    );
    expect(refusalOfCall(() => assertNextToIssue(refundBook, parseRange(refundBook, '1', '10'), { holdsRange: false, lowest: 1n }))).toMatchObject({
      reason: 'SERIAL_NOT_IN_CUSTODY',
    });
    expect(refusalOfCall(() => assertNextToIssue(refundBook, parseRange(refundBook, '1', '10'), { holdsRange: false, lowest: null }))).toMatchObject({
      reason: 'SERIAL_NOT_IN_CUSTODY',
    });
  });

  it('uses or voids only the holder’s own next unused serial', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 99_999_999n }), fc.bigInt({ min: 0n, max: 99_999_999n }), (next, serial) => {
        const refusal = refusalOfCall(() => assertNextToUse(refundBook, serial, { issued: true, unused: true, next }));
        if (serial === next) expect(refusal).toBeUndefined();
        else expect(refusal).toMatchObject({ reason: 'SERIAL_SKIPPED', message: expect.stringContaining(formatSerial(refundBook, next)) });
      }),
    );
    expect(refusalOfCall(() => assertNextToUse(refundBook, 3n, { issued: false, unused: false, next: 1n }))).toMatchObject({
      kind: 'permission_denied',
      reason: 'SERIAL_NOT_ISSUED_TO_YOU',
    });
    expect(refusalOfCall(() => assertNextToUse(refundBook, 3n, { issued: true, unused: false, next: 4n }))).toMatchObject({ reason: 'SERIAL_ALREADY_USED' });
  });
});

describe('custody and destruction', () => {
  it('never lets the keeper issue to themself (证、账分管)', () => {
    expect(refusalOfCall(() => assertNotIssuedToSelf('u-clerk', 'u-clerk'))).toMatchObject({ kind: 'permission_denied', reason: 'KEEPER_MAY_NOT_ISSUE_TO_SELF' });
    expect(refusalOfCall(() => assertNotIssuedToSelf('u-clerk', 'u-user'))).toBeUndefined();
  });

  it('destroys stock still in custody or voided pieces, nothing else', () => {
    const range = parseRange(refundBook, '1', '3');
    expect(destroyedFrom(refundBook, range, { inCustody: true, voided: false })).toBe('custody');
    expect(destroyedFrom(refundBook, range, { inCustody: false, voided: true })).toBe('voided');
    expect(refusalOfCall(() => destroyedFrom(refundBook, range, { inCustody: false, voided: false }))).toMatchObject({ reason: 'SERIAL_NOT_DESTROYABLE' });
  });

  it('needs a witness other than the one who destroys', () => {
    expect(refusalOfCall(() => assertWitness('u-head', ' '))).toMatchObject({ kind: 'invalid_argument', reason: 'WITNESS_REQUIRED' });
    expect(refusalOfCall(() => assertWitness('u-head', 'u-head'))).toMatchObject({ kind: 'permission_denied', reason: 'WITNESS_MAY_NOT_DESTROY' });
    expect(refusalOfCall(() => assertWitness('u-head', 'u-supervisor'))).toBeUndefined();
  });
});
