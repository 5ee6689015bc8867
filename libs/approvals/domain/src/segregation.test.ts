import { DomainError, type Actor, type Post } from '@jinku/kernel';
import { BusinessCalendar } from '@jinku/ledger-domain';
import { describe, expect, it } from 'vitest';
import { inquiryReplyDeadline, isInquiryOverdue } from './inquiry';
import { mismatchedKeyElements } from './key-elements';
import { routeOf } from './route';
import { assertMayAct, mustNotSeeKeyElements, type RequestState } from './segregation';

const person = (userId: string, posts: Post[], treasuryId = 'SZ-FT'): Actor => ({
  kind: 'person',
  userId,
  login: userId,
  treasuryId,
  posts,
  scopes: [],
  reach: treasuryId === 'SZ' ? ['SZ', 'SZ-FT', 'SZ-LG'] : [treasuryId],
  jurisdictionId: 'SZ',
});
const payment = { movesMoneyOut: true, important: true };
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
  it('refuses the maker reviewing their own entry, even holding the reviewer post', () => {
    expect(reasonOf(() => assertMayAct(person('maker', ['reviewer', 'fiscal_refund_operator']), pending([])))).toBe('OWN_REQUEST');
  });

  it('refuses the reviewer doing the key-element audit of the same request', () => {
    expect(reasonOf(() => assertMayAct(person('rev', ['reviewer', 'key_element_auditor']), pending(['rev'])))).toBe('ALREADY_ACTED');
    expect(reasonOf(() => assertMayAct(person('aud', ['key_element_auditor']), pending(['rev'])))).toBe('allowed');
  });

  it('requires the step’s permission, and lets the branch act on its sub-treasuries but not the reverse', () => {
    expect(reasonOf(() => assertMayAct(person('aud', ['key_element_auditor']), pending([])))).toBe('POST_MAY_NOT_ACT');
    expect(reasonOf(() => assertMayAct(person('boss', ['accounting_supervisor'], 'SZ'), pending(['rev', 'aud'])))).toBe('allowed');
    expect(reasonOf(() => assertMayAct(person('rev', ['reviewer'], 'SZ-LG'), pending([])))).toBe('OTHER_TREASURY');
  });

  it('refuses acting on a finished request', () => {
    expect(reasonOf(() => assertMayAct(person('rev', ['reviewer']), { ...pending([]), status: 'rejected' }))).toBe('REQUEST_NOT_PENDING');
  });
});

describe('blind key-element audit (R18(3))', () => {
  it('withholds the elements from an auditor who has not audited yet, never from the maker or earlier steps', () => {
    expect(mustNotSeeKeyElements(person('aud', ['key_element_auditor']), pending(['rev']))).toBe(true);
    expect(mustNotSeeKeyElements(person('rev', ['reviewer', 'key_element_auditor']), pending(['rev']))).toBe(false);
    expect(mustNotSeeKeyElements(person('maker', ['fiscal_refund_operator']), pending([]))).toBe(false);
    expect(mustNotSeeKeyElements(person('aud', ['key_element_auditor']), pending(['rev', 'aud']))).toBe(false);
    expect(mustNotSeeKeyElements(person('boss', ['accounting_supervisor']), pending(['rev']))).toBe(false);
  });

  const expected = { payeeAccount: '4000023009200123456', payeeName: '深圳市福田区财政局', bankCode: '102584002303', amount: '1250000.00' };
  it('compares amounts as money and names the fields that differ', () => {
    expect(mismatchedKeyElements(expected, { ...expected, amount: '1250000' })).toEqual([]);
    expect(mismatchedKeyElements(expected, { ...expected, amount: '1250000.01', payeeName: 'x' })).toEqual(['payeeName', 'amount']);
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
