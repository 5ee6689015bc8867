import { join } from 'node:path';
import { workspaceRoot, type Database } from '@jinku/db';
import { createApprovals, inquiryReplyAction, manualVoucherAction, outwardTransferAction } from '@jinku/approvals';
import { approvalsGrpcService } from '@jinku/approvals-grpc';
import { startGrpcServer, type RunningServer } from '@jinku/grpc-kit';
import { createIdentity } from '@jinku/identity';
import { bearerAuthenticator, identityGrpcService } from '@jinku/identity-grpc';
import { createLedger } from '@jinku/ledger';
import { ledgerGrpcService } from '@jinku/ledger-grpc';
import type { Logger } from '@jinku/runtime';

const PROTO_FILES = ['jinku/ledger/v1/ledger.proto', 'jinku/identity/v1/identity.proto', 'jinku/approvals/v1/approvals.proto'];

/** Wires the bounded contexts into one gRPC server; tests start the same thing on port 0. */
export function startJinkuServer(database: Database, log: Logger, address: string): Promise<RunningServer> {
  const identity = createIdentity(database);
  const ledger = createLedger(database);
  // Every operation that needs maker-checker registers its action here.
  const approvals = createApprovals(database, ledger, [outwardTransferAction(ledger), manualVoucherAction(ledger), inquiryReplyAction]);
  const options = { authenticate: bearerAuthenticator(identity), log };
  return startGrpcServer({
    address,
    log,
    services: [ledgerGrpcService(ledger, options), identityGrpcService(identity, options), approvalsGrpcService(approvals, options)],
    protoRoot: join(workspaceRoot(), 'proto'),
    protoFiles: PROTO_FILES,
  });
}
