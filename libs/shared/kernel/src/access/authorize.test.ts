import { describe, expect, it } from 'vitest';
import type { Actor, MachineScope, Post } from '../actor';
import { systemActor } from '../actor';
import { refusalOfCall } from '../testing';
import { authorize } from './authorize';

const person = (posts: Post[], treasuryId = 'SZ-FT'): Actor => ({
  kind: 'person',
  userId: 'u1',
  login: 'someone',
  treasuryId,
  posts,
  scopes: [],
  reach: treasuryId === 'SZ' ? ['SZ', 'SZ-FT', 'SZ-LG'] : [treasuryId],
  jurisdictionId: 'SZ',
});
const machine = (scopes: MachineScope[]): Actor => ({
  kind: 'machine',
  userId: 'principal:1',
  login: 'sz-ft.tips',
  treasuryId: 'SZ-FT',
  posts: [],
  scopes,
  reach: ['SZ-FT'],
  jurisdictionId: 'SZ',
});
const reason = (actor: Actor, permission: Parameters<typeof authorize>[1], treasuryId = 'SZ-FT') =>
  refusalOfCall(() => authorize(actor, permission, treasuryId))?.reason ?? 'allowed';

describe('the authorization table', () => {
  it('lets only machine principals with the receipt scope post directly; no person, whatever the post', () => {
    expect(reason(machine(['receipt_posting']), 'voucher.post_receipt')).toBe('allowed');
    expect(reason(machine(['ledger_read']), 'voucher.post_receipt')).toBe('POST_MAY_NOT_POST');
    for (const post of ['income_operator', 'fiscal_refund_operator', 'horizontal_link_operator', 'accounting_supervisor'] as const) {
      expect(reason(person([post]), 'voucher.post_receipt')).toBe('POST_MAY_NOT_POST');
    }
  });

  it('lets the entry posts enter business, never a checker, supervisor or admin (R6, R17)', () => {
    expect(reason(person(['fiscal_refund_operator']), 'transfer.enter_outward')).toBe('allowed');
    expect(reason(person(['reviewer']), 'transfer.enter_outward')).toBe('POST_MAY_NOT_INITIATE');
    expect(reason(person(['accounting_supervisor', 'fiscal_refund_operator']), 'transfer.enter_outward')).toBe('POST_MAY_NOT_INITIATE');
    expect(reason(person(['fiscal_refund_operator'], 'SZ-LG'), 'transfer.enter_outward')).toBe('OTHER_TREASURY');
  });

  it('keeps jurisdiction parameters to the branch: a sub-treasury admin cannot change the deposit rate', () => {
    expect(reason(person(['system_admin'], 'SZ'), 'rate.change', 'SZ')).toBe('allowed');
    expect(reason(person(['system_admin'], 'SZ-FT'), 'rate.change', 'SZ-FT')).toBe('BRANCH_PARAMETER');
    expect(reason(person(['system_admin'], 'SZ'), 'rate.change', 'SZ-FT')).toBe('BRANCH_PARAMETER');
  });

  it('lets the branch check its sub-treasuries’ requests, never the reverse; machines stay in their treasury', () => {
    expect(reason(person(['reviewer'], 'SZ'), 'request.review')).toBe('allowed');
    expect(reason(person(['reviewer'], 'SZ-FT'), 'request.review', 'SZ')).toBe('OTHER_TREASURY');
    expect(reason(machine(['ledger_read']), 'ledger.read', 'SZ')).toBe('OTHER_TREASURY');
  });

  it('grants a system principal nothing', () => {
    expect(reason(systemActor('interest', 'SZ-FT'), 'ledger.read')).toBe('OTHER_TREASURY');
  });
});
