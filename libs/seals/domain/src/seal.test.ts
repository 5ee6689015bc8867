import { refusalOfCall } from '@jinku/kernel/testing';
import { describe, expect, it } from 'vitest';
import { assertMayApply, assertTransition, isDatedSeal, SEAL_STATUSES, SEAL_TRANSITIONS, wasInUseAt, type SealHolder } from './seal';

const content = Buffer.from('transfer voucher 17');
const seal: SealHolder = { kind: 'business', status: 'in_use', custodianUserId: 'u-keeper' };

describe('the seal lifecycle (R81)', () => {
  it('goes registered → in use → stopped → sealed away → destroyed, and never back', () => {
    expect(refusalOfCall(() => assertTransition('registered', 'in_use'))).toBeUndefined();
    expect(refusalOfCall(() => assertTransition('in_use', 'stopped'))).toBeUndefined();
    expect(refusalOfCall(() => assertTransition('stopped', 'sealed_away'))).toBeUndefined();
    expect(refusalOfCall(() => assertTransition('sealed_away', 'destroyed'))).toBeUndefined();
    expect(refusalOfCall(() => assertTransition('registered', 'sealed_away'))).toBeUndefined();
    for (const [from, to] of [['stopped', 'in_use'], ['destroyed', 'in_use'], ['in_use', 'destroyed'], ['registered', 'destroyed'], ['sealed_away', 'in_use']] as const) {
      expect(refusalOfCall(() => assertTransition(from, to))).toMatchObject({ kind: 'failed_precondition', reason: 'SEAL_TRANSITION_NOT_ALLOWED' });
    }
    expect(Object.keys(SEAL_TRANSITIONS).sort()).toEqual([...SEAL_STATUSES].sort());
  });

  it('dates only the business seal and the transfer-done seal (R80)', () => {
    expect(['national_treasury', 'business', 'transfer_done', 'same_city_clearing', 'personal_name'].filter((kind) => isDatedSeal(kind as never))).toEqual(['business', 'transfer_done']);
  });

  it('knows whether a seal was in use at a moment', () => {
    const history = [
      { status: 'registered' as const, at: new Date('2026-01-01T00:00:00Z') },
      { status: 'in_use' as const, at: new Date('2026-02-01T00:00:00Z') },
      { status: 'stopped' as const, at: new Date('2026-03-01T00:00:00Z') },
    ];
    expect(wasInUseAt(history, new Date('2026-01-15T00:00:00Z'))).toBe(false);
    expect(wasInUseAt(history, new Date('2026-02-01T00:00:00Z'))).toBe(true);
    expect(wasInUseAt(history, new Date('2026-02-15T00:00:00Z'))).toBe(true);
    expect(wasInUseAt(history, new Date('2026-03-02T00:00:00Z'))).toBe(false);
    expect(wasInUseAt([], new Date())).toBe(false);
  });
});

describe('applying a seal (R82)', () => {
  it('is allowed to the custodian on a named document with content while in use', () => {
    expect(refusalOfCall(() => assertMayApply(seal, 'u-keeper', { reference: 'TV-17', content }))).toBeUndefined();
  });

  it('refuses no document, an unnamed one and a blank', () => {
    expect(refusalOfCall(() => assertMayApply(seal, 'u-keeper', undefined))).toMatchObject({ kind: 'invalid_argument', reason: 'NO_DOCUMENT' });
    expect(refusalOfCall(() => assertMayApply(seal, 'u-keeper', { reference: ' ', content }))).toMatchObject({ reason: 'NO_DOCUMENT' });
    expect(refusalOfCall(() => assertMayApply(seal, 'u-keeper', { reference: 'TV-17', content: new Uint8Array() }))).toMatchObject({ reason: 'BLANK_DOCUMENT' });
    expect(refusalOfCall(() => assertMayApply(seal, 'u-keeper', { reference: 'TV-17', content: Buffer.from(' \n\t ') }))).toMatchObject({ reason: 'BLANK_DOCUMENT' });
  });

  it('refuses anyone but the custodian, and a personal name seal to anyone but its owner', () => {
    expect(refusalOfCall(() => assertMayApply(seal, 'u-other', { reference: 'TV-17', content }))).toMatchObject({ kind: 'permission_denied', reason: 'NOT_SEAL_CUSTODIAN' });
    const nameSeal: SealHolder = { kind: 'personal_name', status: 'in_use', custodianUserId: 'u-owner' };
    expect(refusalOfCall(() => assertMayApply(nameSeal, 'u-other', { reference: 'TV-17', content }))).toMatchObject({ reason: 'NOT_SEAL_OWNER' });
  });

  it('refuses a seal that is not in use', () => {
    for (const status of ['registered', 'stopped', 'sealed_away', 'destroyed'] as const) {
      expect(refusalOfCall(() => assertMayApply({ ...seal, status }, 'u-keeper', { reference: 'TV-17', content }))).toMatchObject({ reason: 'SEAL_NOT_IN_USE' });
    }
  });
});
