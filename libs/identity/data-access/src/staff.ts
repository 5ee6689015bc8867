import type { Sql, Tx } from '@jinku/db';
import {
  assertCompatiblePosts,
  assertMayRecordLeave,
  assertMaySuperviseHandover,
  sortPosts,
  validateHandoverItems,
  validateLeave,
  validatePosts,
  type HandoverItem,
  type LeaveKind,
} from '@jinku/identity-domain';
import { authorize, failedPrecondition, invalidArgument, notFound, permissionDenied, type Actor, type Post } from '@jinku/kernel';
import type { User } from './identity';
import { clearLoginLock } from './sign-in-guard';

export type StaffChangeKind = 'joined' | 'posts_assigned' | 'handover_started' | 'handover_completed' | 'leave_recorded' | 'login_unlocked';

/** One line of a treasury's staff-change report to its branch (人员变动报备, R12). */
export interface StaffChange {
  readonly id: string;
  readonly treasuryId: string;
  readonly login: string;
  readonly kind: StaffChangeKind;
  /**
   * posts_assigned: before, after; handover_*: handoverId, post, from, to, supervisor; leave_recorded: from, to,
   * kind; login_unlocked: lockedUntil (when the lock would have ended).
   */
  readonly detail: Readonly<Record<string, string>>;
  readonly at: Date;
  /** Who made the change; null when trusted tooling did (createUser from a seed or the CLI). */
  readonly byLogin: string | null;
}

export type HandoverStatus = 'open' | 'completed';

export interface Handover {
  readonly id: string;
  readonly treasuryId: string;
  readonly post: Post;
  readonly fromLogin: string;
  readonly toLogin: string;
  readonly supervisorLogin: string;
  readonly status: HandoverStatus;
  readonly startedAt: Date;
  readonly completedAt: Date | null;
  readonly items: readonly HandoverItem[];
}

export interface NewHandover {
  readonly fromLogin: string;
  readonly toLogin: string;
  /** Wire string; one of the kernel's `POSTS`. */
  readonly post: string;
  /** Seals, specimen cards, valuable documents, blank vouchers, seal impressions, certificates, matters (R13). */
  readonly items: readonly { readonly kind: string; readonly description: string }[];
}

export interface Leave {
  readonly id: string;
  readonly login: string;
  readonly treasuryId: string;
  /** First and last day of leave, both included, `YYYY-MM-DD` in Asia/Shanghai. */
  readonly from: string;
  readonly to: string;
  readonly kind: LeaveKind;
  readonly recordedBy: string;
  readonly recordedAt: Date;
}

export interface NewLeave {
  readonly login: string;
  readonly from: string;
  readonly to: string;
  /** `annual`, `forced` (强制休假 of fund-risk posts, R11) or `other`. */
  readonly kind: string;
}

export interface StaffChangePage {
  readonly items: StaffChange[];
  /** '' on the last page. */
  readonly nextPageToken: string;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

interface PersonRow {
  id: string;
  login: string;
  treasuryId: string;
  name: string;
  posts: string[];
}

const person = (tx: Tx | Sql, logins: readonly string[]) => tx<PersonRow[]>`
  select u.id::text as id, u.login, u.treasury_id as "treasuryId", u.name,
    array(select p.post from identity.user_posts p where p.user_id = u.id) as posts
  from identity.users u where u.login = any(${logins as string[]}::text[])
  order by u.id
  for update of u`;

const userNotFound = (login: string) => notFound('USER_NOT_FOUND', `no user ${login}`, { login });

async function recordChange(
  tx: Tx,
  change: { treasuryId: string; userId: string; kind: StaffChangeKind; detail: Record<string, string>; byUserId: string },
): Promise<{ id: string; at: Date }> {
  const [recorded] = await tx<{ id: string; at: Date }[]>`
    insert into identity.staff_changes (treasury_id, user_id, kind, detail, by_user_id)
    values (${change.treasuryId}, ${change.userId}, ${change.kind}, ${tx.json(change.detail)}, ${change.byUserId})
    returning id::text as id, at`;
  return recorded!;
}

/** Handovers with their items and the logins of the people, newest last. */
async function selectHandovers(sql: Tx | Sql, where: { id?: string; treasuryId?: string; status?: HandoverStatus }): Promise<Handover[]> {
  const rows = await sql<(Omit<Handover, 'post'> & { post: string })[]>`
    select h.id::text as id, h.treasury_id as "treasuryId", h.post, f.login as "fromLogin", t.login as "toLogin",
      s.login as "supervisorLogin", h.status, h.started_at as "startedAt", h.completed_at as "completedAt",
      coalesce((select json_agg(json_build_object('kind', i.kind, 'description', i.description) order by i.seq)
                from identity.handover_items i where i.handover_id = h.id), '[]'::json) as items
    from identity.handovers h
      join identity.users f on f.id = h.from_user_id
      join identity.users t on t.id = h.to_user_id
      join identity.users s on s.id = h.supervisor_user_id
    where true
      ${where.id === undefined ? sql`` : sql`and h.id = ${where.id}`}
      ${where.treasuryId === undefined ? sql`` : sql`and h.treasury_id = ${where.treasuryId}`}
      ${where.status === undefined ? sql`` : sql`and h.status = ${where.status}`}
    order by h.id`;
  return rows.map((row) => ({ ...row, post: row.post as Post }));
}

function pageSizeOf(pageSize: number | undefined): number {
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 0)) {
    throw invalidArgument('INVALID_PAGE_SIZE', 'page_size must be a whole number, not negative');
  }
  return Math.min(pageSize || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
}

function afterIdOf(pageToken: string | undefined): string {
  if (!pageToken) return '0';
  const id = Buffer.from(pageToken, 'base64url').toString('utf8');
  if (!/^\d{1,19}$/.test(id)) throw invalidArgument('INVALID_PAGE_TOKEN', 'page_token was not returned by this query');
  return id;
}

/**
 * Staff matters of the identity context (SPEC §11, R6–R14): post assignment with segregation of duties,
 * supervised handovers, leave, and the staff-change report a branch reads for its sub-treasuries.
 * Every refusal writes nothing; every change writes a `staff_changes` row in the same transaction.
 */
export function createStaff(sql: Sql) {
  return {
    /**
     * Replaces the posts of `login` (R7–R8). Only a system admin whose treasury reaches the person's, never
     * for themselves, and not while the person is in an open handover. Incompatible posts are refused (R6, R17).
     */
    async assignPosts(actor: Actor, login: string, posts: readonly string[]): Promise<User> {
      authorize(actor, 'staff.assign_posts', actor.treasuryId);
      const wanted = sortPosts(validatePosts(posts));
      assertCompatiblePosts(wanted);
      return sql.begin(async (tx) => {
        const [user] = await person(tx, [login]);
        if (!user) throw userNotFound(login);
        authorize(actor, 'staff.assign_posts', user.treasuryId);
        if (user.id === actor.userId) throw permissionDenied('OWN_POSTS', `${actor.login} cannot assign their own posts; ask another system admin`);
        const [open] = await tx`
          select id from identity.handovers where status = 'open' and (from_user_id = ${user.id} or to_user_id = ${user.id}) limit 1`;
        if (open) throw failedPrecondition('HANDOVER_IN_PROGRESS', `${login} is in an open handover; complete it before changing posts`, { login });
        await tx`delete from identity.user_posts where user_id = ${user.id}`;
        await tx`insert into identity.user_posts (user_id, post) select ${user.id}, post from unnest(${wanted}::text[]) as post`;
        await recordChange(tx, {
          treasuryId: user.treasuryId,
          userId: user.id,
          kind: 'posts_assigned',
          detail: { before: sortPosts(user.posts as Post[]).join(','), after: wanted.join(',') },
          byUserId: actor.userId,
        });
        return { id: user.id, login: user.login, treasuryId: user.treasuryId, name: user.name, posts: wanted };
      });
    },

    /**
     * Lifts the lock that wrong passwords put on `login` (R74) before it ends by itself. Only a system admin
     * whose treasury reaches the person's, never for themselves; recorded as a `login_unlocked` staff change
     * (`LOGIN_NOT_LOCKED`, `OWN_LOGIN`, `USER_NOT_FOUND`).
     */
    async unlockLogin(actor: Actor, login: string): Promise<StaffChange> {
      authorize(actor, 'staff.unlock_login', actor.treasuryId);
      return sql.begin(async (tx) => {
        const [user] = await person(tx, [login]);
        if (!user) throw userNotFound(login);
        authorize(actor, 'staff.unlock_login', user.treasuryId);
        if (user.id === actor.userId) throw permissionDenied('OWN_LOGIN', `${actor.login} cannot unlock their own login; ask another system admin`);
        const lockedUntil = await clearLoginLock(tx, user.login);
        if (!lockedUntil) throw failedPrecondition('LOGIN_NOT_LOCKED', `${login} is not locked`, { login });
        const detail = { lockedUntil: lockedUntil.toISOString() };
        const { id, at } = await recordChange(tx, { treasuryId: user.treasuryId, userId: user.id, kind: 'login_unlocked', detail, byUserId: actor.userId });
        return { id, treasuryId: user.treasuryId, login: user.login, kind: 'login_unlocked', detail, at, byLogin: actor.login };
      });
    },

    /**
     * Starts the handover (交接, R13) of `post` from `fromLogin` to `toLogin` of the same treasury, supervised
     * (监交, R14) by the caller. From now until completion the leaver cannot act in that post.
     */
    async startHandover(actor: Actor, handover: NewHandover): Promise<Handover> {
      const [post] = validatePosts([handover.post]);
      const items = validateHandoverItems(handover.items);
      const id = await sql.begin(async (tx) => {
        const people = await person(tx, [handover.fromLogin, handover.toLogin]);
        const from = people.find((p) => p.login === handover.fromLogin);
        const to = people.find((p) => p.login === handover.toLogin);
        if (!from) throw userNotFound(handover.fromLogin);
        if (!to) throw userNotFound(handover.toLogin);
        authorize(actor, 'staff.read', from.treasuryId);
        if (to.treasuryId !== from.treasuryId) {
          throw failedPrecondition('RECEIVER_OF_OTHER_TREASURY', `${to.login} works for treasury ${to.treasuryId}, not ${from.treasuryId}`);
        }
        assertMaySuperviseHandover(actor, { post: post!, fromUserId: from.id, toUserId: to.id });
        if (!from.posts.includes(post!)) throw failedPrecondition('POST_NOT_HELD', `${from.login} does not hold the ${post} post`, { login: from.login, post: post! });
        assertCompatiblePosts([...new Set([...(to.posts as Post[]), post!])]);
        const [open] = await tx`select id from identity.handovers where status = 'open' and from_user_id = ${from.id} and post = ${post!}`;
        if (open) throw failedPrecondition('HANDOVER_IN_PROGRESS', `${from.login} is already handing over the ${post} post`, { login: from.login });
        const [created] = await tx<{ id: string }[]>`
          insert into identity.handovers (treasury_id, post, from_user_id, to_user_id, supervisor_user_id, status)
          values (${from.treasuryId}, ${post!}, ${from.id}, ${to.id}, ${actor.userId}, 'open')
          returning id::text as id`;
        await tx`
          insert into identity.handover_items (handover_id, seq, kind, description)
          select ${created!.id}, item.seq, item.kind, item.description
          from unnest(${items.map((_, i) => i + 1)}::int[], ${items.map((i) => i.kind)}::text[], ${items.map((i) => i.description)}::text[])
            as item(seq, kind, description)`;
        await recordChange(tx, {
          treasuryId: from.treasuryId,
          userId: from.id,
          kind: 'handover_started',
          detail: { handoverId: created!.id, post: post!, from: from.login, to: to.login, supervisor: actor.login },
          byUserId: actor.userId,
        });
        return created!.id;
      });
      return (await selectHandovers(sql, { id }))[0]!;
    },

    /** Completes a handover the caller supervises: the post moves from the leaver to the receiver (R13). */
    async completeHandover(actor: Actor, handoverId: string): Promise<Handover> {
      if (!/^\d{1,19}$/.test(handoverId)) throw notFound('HANDOVER_NOT_FOUND', `no handover ${handoverId}`, { handoverId });
      await sql.begin(async (tx) => {
        const [h] = await tx<{ id: string; treasuryId: string; post: string; fromUserId: string; toUserId: string; supervisorUserId: string; status: string }[]>`
          select id::text as id, treasury_id as "treasuryId", post, from_user_id::text as "fromUserId", to_user_id::text as "toUserId",
            supervisor_user_id::text as "supervisorUserId", status
          from identity.handovers where id = ${handoverId} for update`;
        if (!h) throw notFound('HANDOVER_NOT_FOUND', `no handover ${handoverId}`, { handoverId });
        authorize(actor, 'staff.read', h.treasuryId);
        if (h.status !== 'open') throw failedPrecondition('HANDOVER_NOT_OPEN', `handover ${handoverId} is already ${h.status}`, { handoverId });
        const post = h.post as Post;
        assertMaySuperviseHandover(actor, { post, fromUserId: h.fromUserId, toUserId: h.toUserId });
        if (actor.userId !== h.supervisorUserId) {
          throw permissionDenied('NOT_HANDOVER_SUPERVISOR', `handover ${handoverId} is completed by the person who supervises it, not ${actor.login}`, { handoverId });
        }
        const people = await tx<PersonRow[]>`
          select u.id::text as id, u.login, u.treasury_id as "treasuryId", u.name,
            array(select p.post from identity.user_posts p where p.user_id = u.id) as posts
          from identity.users u where u.id in (${h.fromUserId}, ${h.toUserId}) order by u.id for update of u`;
        const from = people.find((p) => p.id === h.fromUserId)!;
        const to = people.find((p) => p.id === h.toUserId)!;
        if (!from.posts.includes(post)) throw failedPrecondition('POST_NOT_HELD', `${from.login} no longer holds the ${post} post`, { login: from.login, post });
        assertCompatiblePosts([...new Set([...(to.posts as Post[]), post])]);
        await tx`delete from identity.user_posts where user_id = ${from.id} and post = ${post}`;
        await tx`insert into identity.user_posts (user_id, post) values (${to.id}, ${post}) on conflict do nothing`;
        await tx`update identity.handovers set status = 'completed', completed_at = now() where id = ${handoverId}`;
        const detail = { handoverId, post, from: from.login, to: to.login, supervisor: actor.login };
        for (const user of [from, to]) {
          await recordChange(tx, { treasuryId: h.treasuryId, userId: user.id, kind: 'handover_completed', detail, byUserId: actor.userId });
        }
      });
      return (await selectHandovers(sql, { id: handoverId }))[0]!;
    },

    /** Handovers of a treasury with their items, oldest first; to its people and to its branch's. */
    async listHandovers(actor: Actor, treasuryId: string, filter: { readonly status?: HandoverStatus } = {}): Promise<Handover[]> {
      authorize(actor, 'staff.read', treasuryId);
      return selectHandovers(sql, { treasuryId, status: filter.status });
    },

    /**
     * Records leave (R11) for a person the caller's treasury reaches; the caller is a department head or
     * accounting supervisor and not the person. While it lasts, `authenticate` refuses the person `ON_LEAVE`.
     */
    async recordLeave(actor: Actor, leave: NewLeave): Promise<Leave> {
      const period = validateLeave(leave);
      return sql.begin(async (tx) => {
        const [user] = await person(tx, [leave.login]);
        if (!user) throw userNotFound(leave.login);
        authorize(actor, 'staff.record_leave', user.treasuryId);
        assertMayRecordLeave(actor, user.id);
        const [created] = await tx<{ id: string; recordedAt: Date }[]>`
          insert into identity.leaves (user_id, from_date, to_date, kind, recorded_by)
          values (${user.id}, ${period.from}::date, ${period.to}::date, ${period.kind}, ${actor.userId})
          returning id::text as id, recorded_at as "recordedAt"`;
        await recordChange(tx, {
          treasuryId: user.treasuryId,
          userId: user.id,
          kind: 'leave_recorded',
          detail: { from: period.from, to: period.to, kind: period.kind },
          byUserId: actor.userId,
        });
        return { id: created!.id, login: user.login, treasuryId: user.treasuryId, ...period, recordedBy: actor.login, recordedAt: created!.recordedAt };
      });
    },

    /**
     * The staff changes of `treasuryId`, oldest first (R12): its own people see them, and so does the branch
     * over it (through `reaches`); a sub-treasury never sees its branch's.
     */
    async listStaffChanges(actor: Actor, treasuryId: string, page: { readonly pageSize?: number; readonly pageToken?: string } = {}): Promise<StaffChangePage> {
      authorize(actor, 'staff.read', treasuryId);
      const size = pageSizeOf(page.pageSize);
      const rows = await sql<StaffChange[]>`
        select c.id::text as id, c.treasury_id as "treasuryId", u.login, c.kind, c.detail, c.at, b.login as "byLogin"
        from identity.staff_changes c
          join identity.users u on u.id = c.user_id
          left join identity.users b on b.id = c.by_user_id
        where c.treasury_id = ${treasuryId} and c.id > ${afterIdOf(page.pageToken)}
        order by c.id
        limit ${size + 1}`;
      const items = rows.slice(0, size);
      return { items, nextPageToken: rows.length > size ? Buffer.from(items[items.length - 1]!.id).toString('base64url') : '' };
    },
  };
}
