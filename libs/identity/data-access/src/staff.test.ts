import { refusalOf } from '@jinku/kernel/testing';
import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import { staffDate } from '@jinku/identity-domain';
import { addDays, type Actor, type Post } from '@jinku/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentity, type Identity } from './identity';
import { identityMigrations } from './migrations';

let database: TestDatabase;
let identity: Identity;
/** SZ is the branch (分库) over the agent sub-treasuries SZ-FT and SZ-NS. */
const jurisdictionOf = async (treasuryId: string) => ({ reach: treasuryId === 'SZ' ? ['SZ', 'SZ-FT', 'SZ-NS'] : [treasuryId], jurisdictionId: 'SZ' });

beforeAll(async () => {
  database = await createTestDatabase([identityMigrations]);
  identity = createIdentity(database, { jurisdictionOf });
});
afterAll(() => database?.drop());


let serial = 0;
/** A person with posts, and the Actor their token authenticates as. */
async function person(treasuryId: string, posts: Post[], login = `${treasuryId.toLowerCase()}.p${++serial}`): Promise<Actor> {
  await identity.createUser({ treasuryId, login, name: login, posts });
  return actorOf(login);
}
async function actorOf(login: string): Promise<Actor> {
  return identity.authenticate((await identity.issueToken(login)).token);
}

const count = async (table: string) => {
  const [row] = await database.sql<{ n: number }[]>`select count(*)::int as n from ${database.sql('identity')}.${database.sql(table)}`;
  return row!.n;
};
const snapshot = async () => ({
  posts: await database.sql`select user_id::text, post from identity.user_posts order by user_id, post`,
  changes: await count('staff_changes'),
  handovers: await count('handovers'),
  items: await count('handover_items'),
  leaves: await count('leaves'),
});

const ITEMS = [
  { kind: 'blank_voucher', description: '重要空白凭证 No.1001–1050' },
  { kind: 'seal', description: '业务专用章' },
  { kind: 'certificate', description: '个人电子认证证书 (UKey)' },
];

describe('posts (R6–R8, R17)', () => {
  it('refuses incompatible posts at creation and creates nobody', async () => {
    const before = await snapshot();
    expect(
      await refusalOf(identity.createUser({ treasuryId: 'SZ', login: 'sz.both', name: '两岗', posts: ['income_operator', 'accounting_supervisor'] })),
    ).toMatchObject({ kind: 'failed_precondition', reason: 'INCOMPATIBLE_POSTS', details: { post: 'accounting_supervisor', conflictingPost: 'income_operator' } });
    expect(await identity.findUser('sz.both')).toBeNull();
    expect(await snapshot()).toEqual(before);
  });

  it('a system admin replaces the posts of a person of the treasury and records the change', async () => {
    const admin = await person('SZ', ['system_admin']);
    const clerk = await person('SZ', ['income_operator']);
    const user = await identity.assignPosts(admin, clerk.login, ['voucher_clerk', 'reviewer', 'reviewer']);
    expect(user).toMatchObject({ login: clerk.login, posts: ['reviewer', 'voucher_clerk'] });
    expect((await actorOf(clerk.login)).posts).toEqual(['reviewer', 'voucher_clerk']);
    const { items } = await identity.listStaffChanges(admin, 'SZ');
    expect(items.at(-1)).toMatchObject({
      treasuryId: 'SZ',
      login: clerk.login,
      kind: 'posts_assigned',
      detail: { before: 'income_operator', after: 'reviewer,voucher_clerk' },
      byLogin: admin.login,
    });
  });

  it('refuses an incompatible assignment and writes nothing', async () => {
    const admin = await person('SZ', ['system_admin']);
    const clerk = await person('SZ', ['reviewer']);
    const before = await snapshot();
    expect(await refusalOf(identity.assignPosts(admin, clerk.login, ['accounting_supervisor', 'reviewer']))).toMatchObject({
      kind: 'failed_precondition',
      reason: 'INCOMPATIBLE_POSTS',
      message: expect.stringContaining('R6'),
    });
    expect(await refusalOf(identity.assignPosts(admin, clerk.login, ['system_admin', 'key_element_auditor']))).toMatchObject({ reason: 'INCOMPATIBLE_POSTS' });
    expect(await snapshot()).toEqual(before);
    expect((await identity.findUser(clerk.login))!.posts).toEqual(['reviewer']);
  });

  it('only a system admin of the same or the branch treasury assigns, never their own posts', async () => {
    const supervisor = await person('SZ', ['accounting_supervisor']);
    const subAdmin = await person('SZ-FT', ['system_admin']);
    const branchAdmin = await person('SZ', ['system_admin']);
    const clerk = await person('SZ', ['reviewer']);
    const subClerk = await person('SZ-FT', ['reviewer']);
    const before = await snapshot();
    expect(await refusalOf(identity.assignPosts(supervisor, clerk.login, ['income_operator']))).toMatchObject({
      kind: 'permission_denied',
      reason: 'POST_MAY_NOT_ASSIGN_POSTS',
    });
    expect(await refusalOf(identity.assignPosts(subAdmin, clerk.login, ['income_operator']))).toMatchObject({ reason: 'OTHER_TREASURY' });
    expect(await refusalOf(identity.assignPosts(branchAdmin, branchAdmin.login, ['system_admin', 'department_head']))).toMatchObject({ reason: 'OWN_POSTS' });
    expect(await refusalOf(identity.assignPosts(branchAdmin, 'nobody', ['reviewer']))).toMatchObject({ reason: 'USER_NOT_FOUND' });
    expect(await snapshot()).toEqual(before);
    expect((await identity.assignPosts(branchAdmin, subClerk.login, ['income_operator'])).posts).toEqual(['income_operator']);
  });
});

describe('leave (R11)', () => {
  const today = () => staffDate(new Date());

  it('a person on leave cannot act: authenticate and sign-in refuse ON_LEAVE naming the end date', async () => {
    const supervisor = await person('SZ', ['accounting_supervisor']);
    const clerk = await person('SZ', ['fiscal_refund_operator']);
    await identity.setPassword(clerk.login, 'leave test secret');
    const { token } = await identity.issueToken(clerk.login);
    const until = addDays(today(), 6);
    const leave = await identity.recordLeave(supervisor, { login: clerk.login, from: addDays(today(), -1), to: until, kind: 'forced' });
    expect(leave).toMatchObject({ login: clerk.login, treasuryId: 'SZ', from: addDays(today(), -1), to: until, kind: 'forced', recordedBy: supervisor.login });
    expect(await refusalOf(identity.authenticate(token))).toMatchObject({
      kind: 'permission_denied',
      reason: 'ON_LEAVE',
      message: expect.stringContaining(until),
      details: { until },
    });
    expect(await refusalOf(identity.signIn(clerk.login, 'leave test secret', '192.0.2.1'))).toMatchObject({ reason: 'ON_LEAVE' });
    expect((await identity.listStaffChanges(supervisor, 'SZ')).items.at(-1)).toMatchObject({
      login: clerk.login,
      kind: 'leave_recorded',
      detail: { from: addDays(today(), -1), to: until, kind: 'forced' },
      byLogin: supervisor.login,
    });
  });

  it('leave that is over or has not begun does not stop anyone', async () => {
    const head = await person('SZ', ['department_head']);
    const clerk = await person('SZ', ['reviewer']);
    await identity.recordLeave(head, { login: clerk.login, from: addDays(today(), -10), to: addDays(today(), -1), kind: 'annual' });
    await identity.recordLeave(head, { login: clerk.login, from: addDays(today(), 1), to: addDays(today(), 3), kind: 'other' });
    expect((await actorOf(clerk.login)).login).toBe(clerk.login);
  });

  it('is recorded only by a department head or accounting supervisor of the reach, not for themselves; a refusal writes nothing', async () => {
    const admin = await person('SZ', ['system_admin']);
    const subSupervisor = await person('SZ-NS', ['accounting_supervisor']);
    const branchHead = await person('SZ', ['department_head']);
    const clerk = await person('SZ', ['reviewer']);
    const subClerk = await person('SZ-NS', ['reviewer']);
    const leave = { from: today(), to: today(), kind: 'annual' };
    const before = await snapshot();
    expect(await refusalOf(identity.recordLeave(admin, { login: clerk.login, ...leave }))).toMatchObject({ reason: 'POST_MAY_NOT_RECORD_LEAVE' });
    expect(await refusalOf(identity.recordLeave(subSupervisor, { login: clerk.login, ...leave }))).toMatchObject({ reason: 'OTHER_TREASURY' });
    expect(await refusalOf(identity.recordLeave(branchHead, { login: branchHead.login, ...leave }))).toMatchObject({ reason: 'OWN_LEAVE' });
    expect(await refusalOf(identity.recordLeave(branchHead, { login: clerk.login, ...leave, to: addDays(today(), -1) }))).toMatchObject({
      reason: 'INVALID_LEAVE_PERIOD',
    });
    expect(await snapshot()).toEqual(before);
    await identity.recordLeave(branchHead, { login: subClerk.login, ...leave });
    expect(await refusalOf(actorOf(subClerk.login))).toMatchObject({ reason: 'ON_LEAVE' });
  });
});

describe('handover (R13, R14)', () => {
  it("blocks the leaver's post from start to completion, then the receiver holds it", async () => {
    const supervisor = await person('SZ', ['accounting_supervisor']);
    const leaver = await person('SZ', ['reviewer', 'voucher_clerk']);
    const receiver = await person('SZ', ['income_operator']);

    const started = await identity.startHandover(supervisor, { fromLogin: leaver.login, toLogin: receiver.login, post: 'reviewer', items: ITEMS });
    expect(started).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      treasuryId: 'SZ',
      post: 'reviewer',
      fromLogin: leaver.login,
      toLogin: receiver.login,
      supervisorLogin: supervisor.login,
      status: 'open',
      completedAt: null,
      items: ITEMS,
    });
    expect((await actorOf(leaver.login)).posts).toEqual(['voucher_clerk']);
    expect((await actorOf(receiver.login)).posts).toEqual(['income_operator']);
    expect((await identity.findUser(leaver.login))!.posts).toEqual(['reviewer', 'voucher_clerk']);

    const completed = await identity.completeHandover(supervisor, started.id);
    expect(completed).toMatchObject({ id: started.id, status: 'completed', completedAt: expect.any(Date), items: ITEMS });
    expect((await actorOf(leaver.login)).posts).toEqual(['voucher_clerk']);
    expect((await actorOf(receiver.login)).posts).toEqual(['income_operator', 'reviewer']);
    expect(await refusalOf(identity.completeHandover(supervisor, started.id))).toMatchObject({ reason: 'HANDOVER_NOT_OPEN' });

    expect((await identity.listHandovers(supervisor, 'SZ', { status: 'completed' })).map((h) => h.id)).toContain(started.id);
    expect((await identity.listHandovers(supervisor, 'SZ', { status: 'open' })).map((h) => h.id)).not.toContain(started.id);
    const kinds = (await identity.listStaffChanges(supervisor, 'SZ', { pageSize: 1000 })).items
      .filter((c) => c.detail['handoverId'] === started.id)
      .map((c) => [c.kind, c.login]);
    expect(kinds).toEqual([
      ['handover_started', leaver.login],
      ['handover_completed', leaver.login],
      ['handover_completed', receiver.login],
    ]);
  });

  it('an open handover stops post changes of both people and a second handover of the same post', async () => {
    const supervisor = await person('SZ', ['accounting_supervisor']);
    const admin = await person('SZ', ['system_admin']);
    const leaver = await person('SZ', ['key_element_auditor']);
    const receiver = await person('SZ', []);
    const other = await person('SZ', []);
    const started = await identity.startHandover(supervisor, { fromLogin: leaver.login, toLogin: receiver.login, post: 'key_element_auditor', items: ITEMS });
    expect(await refusalOf(identity.assignPosts(admin, leaver.login, []))).toMatchObject({ reason: 'HANDOVER_IN_PROGRESS' });
    expect(await refusalOf(identity.assignPosts(admin, receiver.login, ['reviewer']))).toMatchObject({ reason: 'HANDOVER_IN_PROGRESS' });
    expect(
      await refusalOf(identity.startHandover(supervisor, { fromLogin: leaver.login, toLogin: other.login, post: 'key_element_auditor', items: ITEMS })),
    ).toMatchObject({ reason: 'HANDOVER_IN_PROGRESS' });
    const otherSupervisor = await person('SZ', ['accounting_supervisor']);
    expect(await refusalOf(identity.completeHandover(otherSupervisor, started.id))).toMatchObject({ kind: 'permission_denied', reason: 'NOT_HANDOVER_SUPERVISOR' });
    await identity.completeHandover(supervisor, started.id);
    expect((await identity.assignPosts(admin, receiver.login, ['reviewer'])).posts).toEqual(['reviewer']);
  });

  it('refuses a supervisor of the wrong level, a party as supervisor and a post not held; writes nothing', async () => {
    const head = await person('SZ', ['department_head']);
    const supervisor = await person('SZ', ['accounting_supervisor']);
    const headAndSupervisor = await person('SZ', ['department_head', 'accounting_supervisor']);
    const leaver = await person('SZ', ['reviewer']);
    const receiver = await person('SZ', ['income_operator']);
    const admin = await person('SZ', ['system_admin']);
    const subClerk = await person('SZ-FT', []);
    const handover = { fromLogin: leaver.login, toLogin: receiver.login, post: 'reviewer', items: ITEMS };
    const before = await snapshot();

    expect(await refusalOf(identity.startHandover(head, handover))).toMatchObject({
      kind: 'permission_denied',
      reason: 'WRONG_HANDOVER_SUPERVISOR',
      details: { supervisorPost: 'accounting_supervisor' },
    });
    expect(
      await refusalOf(identity.startHandover(supervisor, { ...handover, fromLogin: headAndSupervisor.login, post: 'accounting_supervisor' })),
    ).toMatchObject({ reason: 'WRONG_HANDOVER_SUPERVISOR', details: { supervisorPost: 'department_head' } });
    expect(
      await refusalOf(identity.startHandover(headAndSupervisor, { ...handover, fromLogin: headAndSupervisor.login, toLogin: supervisor.login, post: 'accounting_supervisor' })),
    ).toMatchObject({ kind: 'permission_denied', reason: 'SUPERVISOR_IS_PARTY' });
    expect(await refusalOf(identity.startHandover(supervisor, { ...handover, post: 'voucher_clerk' }))).toMatchObject({ reason: 'POST_NOT_HELD' });
    expect(await refusalOf(identity.startHandover(supervisor, { ...handover, toLogin: admin.login }))).toMatchObject({ reason: 'INCOMPATIBLE_POSTS' });
    expect(await refusalOf(identity.startHandover(supervisor, { ...handover, toLogin: subClerk.login }))).toMatchObject({ reason: 'RECEIVER_OF_OTHER_TREASURY' });
    expect(await refusalOf(identity.startHandover(supervisor, { ...handover, items: [] }))).toMatchObject({ reason: 'NO_HANDOVER_ITEMS' });
    expect(await snapshot()).toEqual(before);
    expect((await actorOf(leaver.login)).posts).toEqual(['reviewer']);
  });

  it('the department head supervises the accounting supervisor; a branch supervisor supervises at its sub-treasury', async () => {
    const head = await person('SZ-FT', ['department_head']);
    const leaving = await person('SZ-FT', ['accounting_supervisor']);
    const incoming = await person('SZ-FT', ['department_head']);
    const started = await identity.startHandover(head, { fromLogin: leaving.login, toLogin: incoming.login, post: 'accounting_supervisor', items: ITEMS });
    expect((await actorOf(leaving.login)).posts).toEqual([]);
    await identity.completeHandover(head, started.id);
    expect((await actorOf(incoming.login)).posts).toEqual(['department_head', 'accounting_supervisor']);

    const branchSupervisor = await person('SZ', ['accounting_supervisor']);
    const subLeaver = await person('SZ-FT', ['income_operator']);
    const subReceiver = await person('SZ-FT', []);
    const sub = await identity.startHandover(branchSupervisor, { fromLogin: subLeaver.login, toLogin: subReceiver.login, post: 'income_operator', items: ITEMS });
    expect((await identity.listHandovers(head, 'SZ-FT', { status: 'open' })).map((h) => h.id)).toEqual([sub.id]);
    expect(await refusalOf(identity.listHandovers(head, 'SZ'))).toMatchObject({ reason: 'OTHER_TREASURY' });
  });
});

describe('staff changes (R12)', () => {
  it('a branch lists the changes of a sub-treasury; a sub-treasury cannot list the branch’s', async () => {
    const branchClerk = await person('SZ', ['reviewer']);
    const subAdmin = await person('SZ-NS', ['system_admin']);
    const subClerk = await person('SZ-NS', ['income_operator']);
    await identity.assignPosts(subAdmin, subClerk.login, ['income_operator', 'voucher_clerk']);

    const { items } = await identity.listStaffChanges(branchClerk, 'SZ-NS');
    expect(items.every((c) => c.treasuryId === 'SZ-NS')).toBe(true);
    expect(items.filter((c) => c.login === subClerk.login).map((c) => c.kind)).toEqual(['joined', 'posts_assigned']);
    expect(items.find((c) => c.login === subClerk.login && c.kind === 'joined')).toMatchObject({ detail: { posts: 'income_operator' }, byLogin: null });

    expect(await refusalOf(identity.listStaffChanges(subAdmin, 'SZ'))).toMatchObject({ kind: 'permission_denied', reason: 'OTHER_TREASURY' });
    expect(await refusalOf(identity.listStaffChanges(subAdmin, 'SZ-FT'))).toMatchObject({ reason: 'OTHER_TREASURY' });
    expect((await identity.listStaffChanges(subAdmin, 'SZ-NS')).items).toEqual(items);
  });

  it('pages through the changes in order', async () => {
    const reader = await person('SZ', ['voucher_clerk']);
    const all = (await identity.listStaffChanges(reader, 'SZ', { pageSize: 1000 })).items;
    expect(all.length).toBeGreaterThan(3);
    const paged = [];
    let pageToken = '';
    do {
      const page = await identity.listStaffChanges(reader, 'SZ', { pageSize: 2, pageToken });
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items);
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(paged).toEqual(all);
    expect(await refusalOf(identity.listStaffChanges(reader, 'SZ', { pageToken: 'bogus!' }))).toMatchObject({ reason: 'INVALID_PAGE_TOKEN' });
  });

  it('are append-only in the database', async () => {
    await expect(database.sql`update identity.staff_changes set kind = 'joined'`).rejects.toThrow(/append-only/);
    await expect(database.sql`delete from identity.handover_items`).rejects.toThrow(/append-only/);
    await expect(database.sql`update identity.handovers set post = 'director'`).rejects.toThrow(/open to completed/);
  });
});
