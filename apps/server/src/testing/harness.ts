import { randomBytes } from 'node:crypto';
import { credentials, Metadata, status, type CallOptions, type ServiceError } from '@grpc/grpc-js';
import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import { reasonOf, type RunningServer } from '@jinku/grpc-kit';
import { createIdentity } from '@jinku/identity';
import type { MachineScope, Post } from '@jinku/kernel';
import { createLedger, jurisdictionLookup, seedLedgerDemo } from '@jinku/ledger';
import { approvalsV1, identityV1 } from '@jinku/proto';
import { sealKeyring } from '@jinku/seals';
import { pino } from 'pino';
import { startJinkuServer } from '../compose';
import { SERVER_MIGRATIONS } from '../serve';

export interface Harness {
  readonly database: TestDatabase;
  readonly server: RunningServer;
  readonly address: string;
  readonly firstDay: string;
  /** Creates a person with these posts and returns metadata carrying their bearer token. */
  personWith(login: string, posts: Post[], treasuryId?: string): Promise<Metadata>;
  /** The user id of a person made by `personWith`. */
  userIdOf(login: string): string;
  /**
   * Registers a machine principal through the public API — the treasury's system admin enters the request,
   * a reviewer and the supervisor approve it, the admin issues the key — and returns metadata carrying its key.
   */
  machineWith(name: string, scopes?: MachineScope[], treasuryId?: string): Promise<Metadata>;
  stop(): Promise<void>;
}

/** The whole server on port 0 over a fresh database with the demo books (business day 2026-11-20). */
export async function startHarness(): Promise<Harness> {
  const database = await createTestDatabase(SERVER_MIGRATIONS);
  const ledger = createLedger(database);
  const firstDay = await seedLedgerDemo(ledger.setup, ledger.days, '2026-11-20');
  const identity = createIdentity(database, { jurisdictionOf: jurisdictionLookup(ledger.setup) });
  const server = await startJinkuServer(database, pino({ level: 'silent' }), {
    address: '127.0.0.1:0',
    sealKeyring: sealKeyring('test', { test: randomBytes(32).toString('base64') }),
  });
  const address = `127.0.0.1:${server.port}`;
  const userIds = new Map<string, string>();
  const personWith = async (login: string, posts: Post[], treasuryId = 'SZ') => {
    userIds.set(login, (await identity.createUser({ treasuryId, login, name: login, posts })).id);
    return bearer((await identity.issueToken(login)).token);
  };
  return {
    database,
    server,
    address,
    firstDay,
    personWith,
    userIdOf: (login) => userIds.get(login)!,
    async machineWith(name, scopes = ['receipt_posting'], treasuryId = 'SZ') {
      const prefix = `${name}.registrar`;
      const admin = await personWith(`${prefix}.admin`, ['system_admin'], treasuryId);
      const checkers = [await personWith(`${prefix}.reviewer`, ['reviewer'], treasuryId), await personWith(`${prefix}.supervisor`, ['accounting_supervisor'], treasuryId)];
      const approvals = new approvalsV1.ApprovalsServiceClient(address, credentials.createInsecure());
      const identityClient = new identityV1.IdentityServiceClient(address, credentials.createInsecure());
      try {
        const operation = { operation: { $case: 'machinePrincipalRegistration' as const, value: { name, kind: 'tax_link', scopes } } };
        const entered = valueOf(
          await call<approvalsV1.SubmitRequestRequest, approvalsV1.ApprovalRequest>(
            approvals.submitRequest.bind(approvals),
            { treasuryId, idempotencyKey: `register-${name}`, documents: [], operation },
            admin,
          ),
        );
        for (const checker of checkers) {
          valueOf(await call(approvals.actOnRequest.bind(approvals), { requestId: entered.requestId, decision: approvalsV1.Decision.DECISION_APPROVE, comment: 'ok', keyElements: undefined }, checker));
        }
        const issued = await call<identityV1.IssuePrincipalKeyRequest, identityV1.IssuePrincipalKeyResponse>(identityClient.issuePrincipalKey.bind(identityClient), { name }, admin);
        return bearer(valueOf(issued).key);
      } finally {
        approvals.close();
        identityClient.close();
      }
    },
    async stop() {
      await server.shutdown();
      await database.drop();
    },
  };
}

export function bearer(token: string): Metadata {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

export type CallResult<Res> = { ok: true; value: Res } | { ok: false; code: status; reason: string };

/**
 * Calls a unary method and returns either the response or the refusal's code and reason. The parameter
 * has the four-argument shape because TypeScript infers from a generated client's last overload.
 */
export function call<Req, Res>(
  method: (request: Req, metadata: Metadata, options: Partial<CallOptions>, callback: (error: ServiceError | null, response: Res) => void) => unknown,
  request: Req,
  metadata: Metadata,
): Promise<CallResult<Res>> {
  return new Promise((resolve) =>
    method(request, metadata, {}, (error, response) =>
      resolve(error ? { ok: false, code: error.code, reason: reasonOf(error) } : { ok: true, value: response }),
    ),
  );
}

export function valueOf<Res>(result: CallResult<Res>): Res {
  if (!result.ok) throw new Error(`refused: ${result.code} ${result.reason}`);
  return result.value;
}
