import { refusalOfCall } from '@jinku/kernel/testing';
import { POSTS, type Actor, type Post } from '@jinku/kernel';
import { describe, expect, it } from 'vitest';
import { assertCompatiblePosts, OPERATOR_POSTS } from './compatibility';
import { assertMaySuperviseHandover, handoverSupervisorPost, validateHandoverItems } from './handover';
import { assertMayRecordLeave, assertNotOnLeave, staffDate, validateLeave } from './leave';
import { assertPasswordAcceptable, assertPasswordCurrent, passwordExpiry } from './passwords';

const actor = (posts: Post[], userId = '9', treasuryId = 'SZ'): Actor => ({
  kind: 'person',
  userId,
  login: `u${userId}`,
  treasuryId,
  posts,
  scopes: [],
  reach: [treasuryId],
  jurisdictionId: treasuryId,
});

describe('assertCompatiblePosts (R6, R17)', () => {
  it.each([...OPERATOR_POSTS, 'system_admin'] as Post[])('refuses the accounting supervisor with %s', (post) => {
    expect(refusalOfCall(() => assertCompatiblePosts(['accounting_supervisor', post]))).toMatchObject({
      kind: 'failed_precondition',
      reason: 'INCOMPATIBLE_POSTS',
      details: { post: 'accounting_supervisor', conflictingPost: post, rule: 'R6, R17' },
    });
  });

  it.each(OPERATOR_POSTS)('refuses the system admin with %s', (post) => {
    expect(refusalOfCall(() => assertCompatiblePosts([post, 'system_admin']))).toMatchObject({
      reason: 'INCOMPATIBLE_POSTS',
      details: { post: 'system_admin', conflictingPost: post, rule: 'R17' },
    });
  });

  it('accepts compatible combinations', () => {
    for (const posts of [
      [],
      [...OPERATOR_POSTS],
      ['reviewer', 'voucher_clerk'],
      ['director', 'department_head', 'accounting_supervisor'],
      ['department_head', 'system_admin'],
      ['director', 'income_operator'],
    ] as Post[][]) {
      expect(refusalOfCall(() => assertCompatiblePosts(posts))).toBeUndefined();
    }
  });

  it('every post is compatible with itself alone', () => {
    for (const post of POSTS) expect(refusalOfCall(() => assertCompatiblePosts([post]))).toBeUndefined();
  });
});

describe('passwords (R74)', () => {
  it.each(['short', 'aaaaaaaaaaaa', 'xx-sz.clerk-xx', 'a'.repeat(257)])('refuses the weak password %j', (password) => {
    expect(refusalOfCall(() => assertPasswordAcceptable(password, 'SZ.Clerk'))).toMatchObject({ kind: 'invalid_argument', reason: 'WEAK_PASSWORD' });
  });

  it('accepts a reasonable one', () => {
    expect(refusalOfCall(() => assertPasswordAcceptable('correct horse 金库', 'sz.clerk'))).toBeUndefined();
  });

  it('expires a month after it was set, the instant of expiry included', () => {
    const changedAt = new Date('2026-01-01T00:00:00Z');
    expect(passwordExpiry(changedAt).toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(refusalOfCall(() => assertPasswordCurrent(changedAt, new Date('2026-01-30T23:59:59Z')))).toBeUndefined();
    expect(refusalOfCall(() => assertPasswordCurrent(changedAt, new Date('2026-01-31T00:00:00Z')))).toMatchObject({
      kind: 'unauthenticated',
      reason: 'PASSWORD_EXPIRED',
    });
  });
});

describe('leave (R11)', () => {
  it('takes the calendar date in Asia/Shanghai', () => {
    expect(staffDate(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(staffDate(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
  });

  it('validates periods and kinds', () => {
    expect(validateLeave({ from: '2026-03-02', to: '2026-03-02', kind: 'forced' })).toEqual({ from: '2026-03-02', to: '2026-03-02', kind: 'forced' });
    expect(refusalOfCall(() => validateLeave({ from: '2026-03-03', to: '2026-03-02', kind: 'annual' }))).toMatchObject({ reason: 'INVALID_LEAVE_PERIOD' });
    expect(refusalOfCall(() => validateLeave({ from: '2026-02-30', to: '2026-03-02', kind: 'annual' }))).toMatchObject({ reason: 'MALFORMED_DATE' });
    expect(refusalOfCall(() => validateLeave({ from: '2026-03-01', to: '2026-03-02', kind: 'sick' }))).toMatchObject({ reason: 'UNKNOWN_LEAVE_KIND' });
  });

  it('is never recorded for oneself', () => {
    expect(refusalOfCall(() => assertMayRecordLeave(actor(['department_head']), '1'))).toBeUndefined();
    expect(refusalOfCall(() => assertMayRecordLeave(actor(['department_head'], '1'), '1'))).toMatchObject({ reason: 'OWN_LEAVE' });
  });

  it('refuses a person on leave, naming the end date', () => {
    expect(refusalOfCall(() => assertNotOnLeave('sz.x', null))).toBeUndefined();
    expect(refusalOfCall(() => assertNotOnLeave('sz.x', '2026-03-09'))).toMatchObject({ kind: 'permission_denied', reason: 'ON_LEAVE', details: { until: '2026-03-09' } });
  });
});

describe('handover supervision (R13, R14)', () => {
  it('names the supervising post one level up', () => {
    for (const post of OPERATOR_POSTS) expect(handoverSupervisorPost(post)).toBe('accounting_supervisor');
    expect(handoverSupervisorPost('system_admin')).toBe('accounting_supervisor');
    expect(handoverSupervisorPost('accounting_supervisor')).toBe('department_head');
    expect(handoverSupervisorPost('department_head')).toBe('director');
    expect(handoverSupervisorPost('director')).toBeNull();
  });

  const parties = { post: 'reviewer' as Post, fromUserId: '1', toUserId: '2' };

  it('accepts the right supervisor who is not a party', () => {
    expect(refusalOfCall(() => assertMaySuperviseHandover(actor(['accounting_supervisor']), parties))).toBeUndefined();
  });

  it('refuses a supervisor of the wrong level', () => {
    expect(refusalOfCall(() => assertMaySuperviseHandover(actor(['department_head']), parties))).toMatchObject({
      kind: 'permission_denied',
      reason: 'WRONG_HANDOVER_SUPERVISOR',
      details: { supervisorPost: 'accounting_supervisor' },
    });
    expect(refusalOfCall(() => assertMaySuperviseHandover(actor(['accounting_supervisor']), { ...parties, post: 'accounting_supervisor' }))).toMatchObject({
      reason: 'WRONG_HANDOVER_SUPERVISOR',
    });
  });

  it('refuses a supervisor who is a party, a handover to oneself and an unsupervised post', () => {
    expect(refusalOfCall(() => assertMaySuperviseHandover(actor(['accounting_supervisor'], '2'), parties))).toMatchObject({ reason: 'SUPERVISOR_IS_PARTY' });
    expect(refusalOfCall(() => assertMaySuperviseHandover(actor(['accounting_supervisor']), { ...parties, toUserId: '1' }))).toMatchObject({
      reason: 'HANDOVER_TO_SELF',
    });
    expect(refusalOfCall(() => assertMaySuperviseHandover(actor(['director']), { ...parties, post: 'director' }))).toMatchObject({ reason: 'NO_HANDOVER_SUPERVISOR' });
  });

  it('validates items', () => {
    expect(validateHandoverItems([{ kind: 'seal', description: ' 业务专用章 ' }])).toEqual([{ kind: 'seal', description: '业务专用章' }]);
    expect(refusalOfCall(() => validateHandoverItems([]))).toMatchObject({ reason: 'NO_HANDOVER_ITEMS' });
    expect(refusalOfCall(() => validateHandoverItems([{ kind: 'laptop', description: 'x' }]))).toMatchObject({ reason: 'UNKNOWN_HANDOVER_ITEM_KIND' });
    expect(refusalOfCall(() => validateHandoverItems([{ kind: 'seal', description: '  ' }]))).toMatchObject({ reason: 'MISSING_HANDOVER_ITEM_DESCRIPTION' });
  });
});
