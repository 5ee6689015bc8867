import { DomainError, type Actor, type Post } from '@jinku/kernel';
import { BusinessCalendar } from '@jinku/ledger-domain';
import { describe, expect, it } from 'vitest';
import { inquiryReplyDeadline, isInquiryOverdue } from './inquiry';
import { assertKeyElementsMatch } from './key-elements';
import { routeOf, type RequestPolicy } from './route';
import { assertMayAct, assertMayInitiate, type RequestState, type TreasuryReach } from './segregation';

const person = (userId: string, posts: Post[], treasuryId = 'SZ-FT'): Actor => ({ userId, login: userId, treasuryId, posts });
const reaches: TreasuryReach = (actor, target) => actor === target || (actor === 'SZ' && target.startsWith('SZ-'));
const payment: RequestPolicy = { kind: 'outward_transfer', initiatorPosts: ['fiscal_refund_operator'], movesMoneyOut: true, important: true };
const pending = (actorsSoFar: string[]): RequestState => ({
  treasuryId: 'SZ-FT',
  initiatorId: 'maker',
  status: 'pending',
  route: routeOf(payment),
  actorsSoFar,
});
const reasonOf = (fn: () => unknown) => {
  try {
    fn();
    return 'allowed';
  } catch (error) {
    return (error as DomainError).reason;
  }
};

describe('routes', () => {
  it('adds the key-element audit for money out and supervisor approval for important matters', () => {
    expect(routeOf(payment)).toEqual(['review', 'key_element_audit', 'supervisor_approval']);
    expect(routeOf({ ...payment, movesMoneyOut: false, important: false })).toEqual(['review']);
  });
});

describe('segregation of duties', () => {
  it('lets only the kind’s entry posts initiate, never a checker, supervisor or admin', () => {
    expect(reasonOf(() => assertMayInitiate(person('maker', ['fiscal_refund_operator']), payment, 'SZ-FT', reaches))).toBe('allowed');
    expect(reasonOf(() => assertMayInitiate(person('r', ['reviewer']), payment, 'SZ-FT', reaches))).toBe('POST_MAY_NOT_INITIATE');
    expect(reasonOf(() => assertMayInitiate(person('s', ['accounting_supervisor', 'fiscal_refund_operator']), payment, 'SZ-FT', reaches))).toBe(
      'POST_MAY_NOT_INITIATE',
    );
    expect(reasonOf(() => assertMayInitiate(person('m', ['fiscal_refund_operator'], 'SZ-LG'), payment, 'SZ-FT', reaches))).toBe('OTHER_TREASURY');
  });

  it('refuses the maker reviewing their own entry, even holding the reviewer post', () => {
    expect(reasonOf(() => assertMayAct(person('maker', ['reviewer', 'fiscal_refund_operator']), pending([]), reaches))).toBe('OWN_REQUEST');
  });

  it('refuses the reviewer doing the key-element audit of the same request', () => {
    expect(reasonOf(() => assertMayAct(person('rev', ['reviewer', 'key_element_auditor']), pending(['rev']), reaches))).toBe('ALREADY_ACTED');
    expect(reasonOf(() => assertMayAct(person('aud', ['key_element_auditor']), pending(['rev']), reaches))).toBe('allowed');
  });

  it('requires the step’s post, and lets the branch act on its sub-treasuries but not the reverse', () => {
    expect(reasonOf(() => assertMayAct(person('aud', ['key_element_auditor']), pending([]), reaches))).toBe('POST_MAY_NOT_ACT');
    expect(reasonOf(() => assertMayAct(person('boss', ['accounting_supervisor'], 'SZ'), pending(['rev', 'aud']), reaches))).toBe('allowed');
    expect(reasonOf(() => assertMayAct(person('rev', ['reviewer'], 'SZ-LG'), pending([]), reaches))).toBe('OTHER_TREASURY');
  });

  it('refuses acting on a finished request', () => {
    expect(reasonOf(() => assertMayAct(person('rev', ['reviewer']), { ...pending([]), status: 'rejected' }, reaches))).toBe('REQUEST_NOT_PENDING');
  });
});

describe('key elements', () => {
  const expected = { payeeAccount: '4000023009200123456', payeeName: '深圳市福田区财政局', bankCode: '102584002303', amount: '1250000.00' };
  it('accepts the same elements (amount compared as money) and names the fields that differ', () => {
    expect(reasonOf(() => assertKeyElementsMatch(expected, { ...expected, amount: '1250000' }))).toBe('allowed');
    expect(reasonOf(() => assertKeyElementsMatch(expected, { ...expected, amount: '1250000.01' }))).toBe('KEY_ELEMENTS_MISMATCH');
    expect(reasonOf(() => assertKeyElementsMatch(expected, null))).toBe('KEY_ELEMENTS_REQUIRED');
  });
});

describe('inquiry and reply deadline (R18(5))', () => {
  // 2026-10-01..07 National Day; Friday 2026-11-20 → next business day Monday 2026-11-23.
  const calendar = new BusinessCalendar(['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, kind: 'holiday' as const })));
  it('is noon of the next business day', () => {
    expect(inquiryReplyDeadline('2026-11-20', calendar)).toBe('2026-11-23T12:00');
    expect(inquiryReplyDeadline('2026-09-30', calendar)).toBe('2026-10-08T12:00');
    expect(inquiryReplyDeadline('2026-11-21', calendar)).toBe('2026-11-24T12:00'); // Saturday → handled Monday
  });
  it('is overdue only after that noon', () => {
    expect(isInquiryOverdue('2026-11-20', '2026-11-23T11:59', calendar)).toBe(false);
    expect(isInquiryOverdue('2026-11-20', '2026-11-23T12:01', calendar)).toBe(true);
  });
});
