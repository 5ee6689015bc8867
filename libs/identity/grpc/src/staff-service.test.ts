import { join } from 'node:path';
import { credentials, Metadata, status, type CallOptions, type ServiceError } from '@grpc/grpc-js';
import { workspaceRoot } from '@jinku/db';
import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import { reasonOf, startGrpcServer, type RunningServer } from '@jinku/grpc-kit';
import { createIdentity, identityMigrations, type Identity } from '@jinku/identity';
import { identityV1 } from '@jinku/proto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerAuthenticator, identityGrpcService, staffGrpcService } from './index';

let database: TestDatabase;
let identity: Identity;
let server: RunningServer;
let staff: identityV1.StaffServiceClient;
let whoAmI: identityV1.IdentityServiceClient;
const logged: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase([identityMigrations]);
  identity = createIdentity(database, {
    jurisdictionOf: async (treasuryId) => ({ reach: treasuryId === 'SZ' ? ['SZ', 'SZ-FT', 'SZ-NS', 'SZ-LG'] : [treasuryId], jurisdictionId: 'SZ' }),
  });
  const log = pino({ level: 'debug' }, { write: (line: string) => logged.push(line) });
  const options = { authenticate: bearerAuthenticator(identity), log };
  server = await startGrpcServer({
    address: '127.0.0.1:0',
    log,
    services: [staffGrpcService(identity, options), identityGrpcService(identity, options)],
    protoRoot: join(workspaceRoot(), 'proto'),
    protoFiles: ['jinku/identity/v1/identity.proto'],
  });
  const address = `127.0.0.1:${server.port}`;
  staff = new identityV1.StaffServiceClient(address, credentials.createInsecure());
  whoAmI = new identityV1.IdentityServiceClient(address, credentials.createInsecure());
});

afterAll(async () => {
  staff?.close();
  whoAmI?.close();
  await server?.shutdown();
  await database?.drop();
});

type Result<Res> = { ok: true; value: Res } | { ok: false; code: status; reason: string };

function call<Req, Res>(
  method: (request: Req, metadata: Metadata, options: Partial<CallOptions>, callback: (error: ServiceError | null, response: Res) => void) => unknown,
  request: Req,
  metadata = new Metadata(),
): Promise<Result<Res>> {
  return new Promise((resolve) =>
    method(request, metadata, {}, (error, response) => resolve(error ? { ok: false, code: error.code, reason: reasonOf(error) } : { ok: true, value: response })),
  );
}

const bearer = (token: string) => {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
};

describe('StaffService', () => {
  it('signs in and changes the password without a token, mapping refusals to their codes', async () => {
    await identity.createUser({ treasuryId: 'SZ', login: 'sz.clerk', name: '收入岗', posts: ['income_operator'] });
    await identity.setPassword('sz.clerk', 'march secret 1');
    await database.sql`update identity.users set password_changed_at = now() - interval '31 days' where login = 'sz.clerk'`;

    const signIn = staff.signIn.bind(staff);
    expect(await call(signIn, { login: 'sz.clerk', password: 'wrong password' })).toMatchObject({ ok: false, code: status.UNAUTHENTICATED, reason: 'INVALID_CREDENTIALS' });
    expect(await call(signIn, { login: 'sz.clerk', password: 'march secret 1' })).toMatchObject({ ok: false, code: status.UNAUTHENTICATED, reason: 'PASSWORD_EXPIRED' });
    expect(await call(signIn, { login: '', password: 'x' })).toMatchObject({ ok: false, code: status.INVALID_ARGUMENT, reason: 'MISSING_FIELD' });

    const changed = await call(staff.changePassword.bind(staff), { login: 'sz.clerk', oldPassword: 'march secret 1', newPassword: 'april secret 2' });
    expect(changed).toMatchObject({ ok: true, value: { passwordExpireTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } });

    const signedIn = await call(signIn, { login: 'sz.clerk', password: 'april secret 2' });
    if (!signedIn.ok) throw new Error(`refused: ${signedIn.reason}`);
    expect(await call(whoAmI.whoAmI.bind(whoAmI), {}, bearer(signedIn.value.token))).toMatchObject({ ok: true, value: { login: 'sz.clerk' } });

    // Each success at info with the login and the address; never a password or the token, refused or not.
    const entries = logged.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toContainEqual(expect.objectContaining({ level: 30, msg: 'ok', method: 'ChangePassword', user: 'sz.clerk', address: '127.0.0.1', requestId: expect.any(String) }));
    expect(entries).toContainEqual(expect.objectContaining({ level: 30, msg: 'ok', method: 'SignIn', user: 'sz.clerk', address: '127.0.0.1' }));
    for (const secret of ['wrong password', 'march secret 1', 'april secret 2', signedIn.value.token]) expect(logged.join('')).not.toContain(secret);
  });

  it('locks a login after 5 wrong passwords until the system admin unlocks it; a password change ends earlier sessions', async () => {
    await identity.createUser({ treasuryId: 'SZ-FT', login: 'ft.clerk', name: '收入岗', posts: ['income_operator'] });
    await identity.createUser({ treasuryId: 'SZ', login: 'sz.sysadmin', name: '系统管理员', posts: ['system_admin'] });
    await identity.setPassword('ft.clerk', 'may secret 1');
    const signIn = staff.signIn.bind(staff);
    const earlier = await call(signIn, { login: 'ft.clerk', password: 'may secret 1' });
    if (!earlier.ok) throw new Error(`refused: ${earlier.reason}`);

    for (let i = 0; i < 5; i++) {
      expect(await call(signIn, { login: 'ft.clerk', password: `wrong guess ${i}` })).toMatchObject({ ok: false, code: status.UNAUTHENTICATED, reason: 'INVALID_CREDENTIALS' });
    }
    expect(await call(signIn, { login: 'ft.clerk', password: 'may secret 1' })).toMatchObject({ ok: false, code: status.PERMISSION_DENIED, reason: 'LOGIN_LOCKED' });
    // The client's address without the port, which changes with every connection.
    expect(await database.sql`select subject from identity.sign_in_failures where kind = 'address'`).toEqual([{ subject: '127.0.0.1' }]);

    const admin = bearer((await identity.issueToken('sz.sysadmin')).token);
    const unlockLogin = staff.unlockLogin.bind(staff);
    expect(await call(unlockLogin, { login: 'ft.clerk' }, admin)).toMatchObject({
      ok: true,
      value: { login: 'ft.clerk', treasuryId: 'SZ-FT', kind: 'login_unlocked', byLogin: 'sz.sysadmin', detail: { lockedUntil: expect.any(String) } },
    });
    expect(await call(unlockLogin, { login: 'ft.clerk' }, admin)).toMatchObject({ ok: false, code: status.FAILED_PRECONDITION, reason: 'LOGIN_NOT_LOCKED' });
    expect(await call(signIn, { login: 'ft.clerk', password: 'may secret 1' })).toMatchObject({ ok: true });

    expect(await call(whoAmI.whoAmI.bind(whoAmI), {}, bearer(earlier.value.token))).toMatchObject({ ok: true, value: { login: 'ft.clerk' } });
    const changed = await call(staff.changePassword.bind(staff), { login: 'ft.clerk', oldPassword: 'may secret 1', newPassword: 'june secret 2' });
    expect(changed).toMatchObject({ ok: true });
    expect(await call(whoAmI.whoAmI.bind(whoAmI), {}, bearer(earlier.value.token))).toMatchObject({ ok: false, code: status.UNAUTHENTICATED, reason: 'INVALID_CREDENTIALS' });
  });

  it('runs a handover as the authenticated supervisor and refuses the wrong level with PERMISSION_DENIED', async () => {
    for (const [login, posts] of [
      ['sz.supervisor', ['accounting_supervisor']],
      ['sz.head', ['department_head']],
      ['sz.leaver', ['reviewer']],
      ['sz.receiver', []],
    ] as const) {
      await identity.createUser({ treasuryId: 'SZ', login, name: login, posts: [...posts] });
    }
    const as = async (login: string) => bearer((await identity.issueToken(login)).token);
    const request = { fromLogin: 'sz.leaver', toLogin: 'sz.receiver', post: 'reviewer', items: [{ kind: 'blank_voucher', description: '空白凭证 20 份' }] };

    expect(await call(staff.startHandover.bind(staff), request, await as('sz.head'))).toMatchObject({
      ok: false,
      code: status.PERMISSION_DENIED,
      reason: 'WRONG_HANDOVER_SUPERVISOR',
    });
    expect(await call(staff.startHandover.bind(staff), request)).toMatchObject({ ok: false, code: status.UNAUTHENTICATED, reason: 'MISSING_CREDENTIALS' });

    const supervisor = await as('sz.supervisor');
    const started = await call(staff.startHandover.bind(staff), request, supervisor);
    if (!started.ok) throw new Error(`refused: ${started.reason}`);
    expect(started.value).toMatchObject({ status: identityV1.HandoverStatus.HANDOVER_STATUS_OPEN, supervisorLogin: 'sz.supervisor', completeTime: '' });
    const completed = await call(staff.completeHandover.bind(staff), { handoverId: started.value.handoverId }, supervisor);
    expect(completed).toMatchObject({ ok: true, value: { status: identityV1.HandoverStatus.HANDOVER_STATUS_COMPLETED } });

    const changes = await call(staff.listStaffChanges.bind(staff), { treasuryId: 'SZ', pageSize: 0, pageToken: '' }, supervisor);
    if (!changes.ok) throw new Error(`refused: ${changes.reason}`);
    expect(changes.value.changes.filter((c) => c.detail['handoverId'] === started.value.handoverId).map((c) => c.kind)).toEqual([
      'handover_started',
      'handover_completed',
      'handover_completed',
    ]);
    expect(await call(staff.listStaffChanges.bind(staff), { treasuryId: 'SZ-FT', pageSize: 0, pageToken: '' }, supervisor)).toMatchObject({ ok: true });
  });

  it('refuses incompatible posts with FAILED_PRECONDITION', async () => {
    await identity.createUser({ treasuryId: 'SZ', login: 'sz.admin', name: '系统管理员', posts: ['system_admin'] });
    await identity.createUser({ treasuryId: 'SZ', login: 'sz.target', name: '复核岗', posts: ['reviewer'] });
    const admin = bearer((await identity.issueToken('sz.admin')).token);
    expect(await call(staff.assignPosts.bind(staff), { login: 'sz.target', posts: ['reviewer', 'accounting_supervisor'] }, admin)).toMatchObject({
      ok: false,
      code: status.FAILED_PRECONDITION,
      reason: 'INCOMPATIBLE_POSTS',
    });
    expect(await call(staff.assignPosts.bind(staff), { login: 'sz.target', posts: ['reviewer', 'voucher_clerk'] }, admin)).toMatchObject({
      ok: true,
      value: { login: 'sz.target', posts: ['reviewer', 'voucher_clerk'] },
    });
  });
});
