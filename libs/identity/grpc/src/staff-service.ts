import { unary, type GrpcService, type UnaryOptions } from '@jinku/grpc-kit';
import type { Handover, HandoverStatus, Identity, Leave, StaffChange, User } from '@jinku/identity';
import { invalidArgument } from '@jinku/kernel';
import { identityV1 } from '@jinku/proto';
import { publicUnary } from './public-unary';

function required(value: string, field: string): string {
  if (!value.trim()) throw invalidArgument('MISSING_FIELD', `${field} is required`, { field });
  return value;
}

const STATUS_TO_WIRE: Record<HandoverStatus, identityV1.HandoverStatus> = {
  open: identityV1.HandoverStatus.HANDOVER_STATUS_OPEN,
  completed: identityV1.HandoverStatus.HANDOVER_STATUS_COMPLETED,
};

function statusFromWire(status: identityV1.HandoverStatus): HandoverStatus | undefined {
  switch (status) {
    case identityV1.HandoverStatus.HANDOVER_STATUS_UNSPECIFIED:
      return undefined;
    case identityV1.HandoverStatus.HANDOVER_STATUS_OPEN:
      return 'open';
    case identityV1.HandoverStatus.HANDOVER_STATUS_COMPLETED:
      return 'completed';
    default:
      throw invalidArgument('UNKNOWN_HANDOVER_STATUS', `status ${status} is not a handover status`, { field: 'status' });
  }
}

const memberToWire = (user: User): identityV1.StaffMember => ({
  userId: user.id,
  login: user.login,
  treasuryId: user.treasuryId,
  name: user.name,
  posts: [...user.posts],
});

const handoverToWire = (h: Handover): identityV1.Handover => ({
  handoverId: h.id,
  treasuryId: h.treasuryId,
  post: h.post,
  fromLogin: h.fromLogin,
  toLogin: h.toLogin,
  supervisorLogin: h.supervisorLogin,
  status: STATUS_TO_WIRE[h.status],
  startTime: h.startedAt.toISOString(),
  completeTime: h.completedAt?.toISOString() ?? '',
  items: h.items.map((i) => ({ kind: i.kind, description: i.description })),
});

const leaveToWire = (l: Leave): identityV1.Leave => ({
  leaveId: l.id,
  login: l.login,
  treasuryId: l.treasuryId,
  startDate: l.from,
  endDate: l.to,
  kind: l.kind,
  recordedBy: l.recordedBy,
  recordTime: l.recordedAt.toISOString(),
});

const handoverSummary = (h: identityV1.Handover) => ({ handoverId: h.handoverId, post: h.post, from: h.fromLogin, to: h.toLogin });

const changeToWire = (c: StaffChange): identityV1.StaffChange => ({
  changeId: c.id,
  treasuryId: c.treasuryId,
  login: c.login,
  kind: c.kind,
  detail: { ...c.detail },
  changeTime: c.at.toISOString(),
  byLogin: c.byLogin ?? '',
});

/**
 * `jinku.identity.v1.StaffService`. SignIn and ChangePassword run without a token (`publicUnary`), limited
 * by the client's address among other things; every other call authenticates through
 * `options.authenticate` and acts as that person.
 */
export function staffGrpcService(identity: Identity, options: UnaryOptions): GrpcService {
  const implementation: identityV1.StaffServiceServer = {
    signIn: publicUnary(
      'SignIn',
      options,
      (request: identityV1.SignInRequest) => request.login,
      async (request, clientAddress) => {
        const { token, expiresAt } = await identity.signIn(required(request.login, 'login'), required(request.password, 'password'), clientAddress);
        return { token, expireTime: expiresAt.toISOString() };
      },
    ),

    changePassword: publicUnary(
      'ChangePassword',
      options,
      (request: identityV1.ChangePasswordRequest) => request.login,
      async (request, clientAddress) => {
        const { expiresAt } = await identity.changePassword(
          required(request.login, 'login'),
          required(request.oldPassword, 'old_password'),
          required(request.newPassword, 'new_password'),
          clientAddress,
        );
        return { passwordExpireTime: expiresAt.toISOString() };
      },
    ),

    assignPosts: unary(
      'AssignPosts',
      options,
      async (request: identityV1.AssignPostsRequest, { actor }) => memberToWire(await identity.assignPosts(actor, required(request.login, 'login'), request.posts)),
      { mutation: (member) => ({ login: member.login, posts: member.posts }) },
    ),

    unlockLogin: unary(
      'UnlockLogin',
      options,
      async (request: identityV1.UnlockLoginRequest, { actor }) => changeToWire(await identity.unlockLogin(actor, required(request.login, 'login'))),
      { mutation: (change) => ({ login: change.login, changeId: change.changeId }) },
    ),

    startHandover: unary('StartHandover', options, async (request: identityV1.StartHandoverRequest, { actor }) =>
      handoverToWire(
        await identity.startHandover(actor, {
          fromLogin: required(request.fromLogin, 'from_login'),
          toLogin: required(request.toLogin, 'to_login'),
          post: required(request.post, 'post'),
          items: request.items,
        }),
      ),
      { mutation: handoverSummary },
    ),

    completeHandover: unary(
      'CompleteHandover',
      options,
      async (request: identityV1.CompleteHandoverRequest, { actor }) => handoverToWire(await identity.completeHandover(actor, required(request.handoverId, 'handover_id'))),
      { mutation: handoverSummary },
    ),

    listHandovers: unary('ListHandovers', options, async (request: identityV1.ListHandoversRequest, { actor }) => {
      const handovers = await identity.listHandovers(actor, required(request.treasuryId, 'treasury_id'), { status: statusFromWire(request.status) });
      return { handovers: handovers.map(handoverToWire) };
    }),

    recordLeave: unary('RecordLeave', options, async (request: identityV1.RecordLeaveRequest, { actor }) =>
      leaveToWire(
        await identity.recordLeave(actor, {
          login: required(request.login, 'login'),
          from: required(request.startDate, 'start_date'),
          to: required(request.endDate, 'end_date'),
          kind: required(request.kind, 'kind'),
        }),
      ),
      { mutation: (leave) => ({ login: leave.login, leaveId: leave.leaveId }) },
    ),

    listStaffChanges: unary('ListStaffChanges', options, async (request: identityV1.ListStaffChangesRequest, { actor }) => {
      const page = await identity.listStaffChanges(actor, required(request.treasuryId, 'treasury_id'), {
        pageSize: request.pageSize,
        pageToken: request.pageToken,
      });
      return { changes: page.items.map(changeToWire), nextPageToken: page.nextPageToken };
    }),
  };
  return { name: 'jinku.identity.v1.StaffService', definition: identityV1.StaffServiceService, implementation };
}
