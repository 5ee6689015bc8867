import { join } from 'node:path';
import { workspaceRoot, type Database } from '@jinku/db';
import { createApprovals, inquiryReplyAction, manualVoucherAction, outwardTransferAction } from '@jinku/approvals';
import { approvalsGrpcService } from '@jinku/approvals-grpc';
import { startGrpcServer, type RunningServer } from '@jinku/grpc-kit';
import { createInterest, depositRateChangeAction, interestCorrectionAction } from '@jinku/interest';
import { interestGrpcService } from '@jinku/interest-grpc';
import { createIdentity } from '@jinku/identity';
import { bearerAuthenticator, identityGrpcService, staffGrpcService } from '@jinku/identity-grpc';
import { createLedger } from '@jinku/ledger';
import { ledgerGrpcService } from '@jinku/ledger-grpc';
import type { Logger } from '@jinku/runtime';

const PROTO_FILES = [
  'jinku/ledger/v1/ledger.proto',
  'jinku/identity/v1/identity.proto',
  'jinku/approvals/v1/approvals.proto',
  'jinku/interest/v1/interest.proto',
];

/** Wires the bounded contexts into one gRPC server; tests start the same thing on port 0. */
export async function startJinkuServer(database: Database, log: Logger, address: string): Promise<RunningServer> {
  const ledger = createLedger(database);
  const treasuries = new Map((await ledger.setup.treasuries()).map((t) => [t.id, t.parentId]));
  // The branch's people reach its sub-treasuries (R3, R23); everyone reaches their own treasury.
  const identity = createIdentity(database, { reaches: (actor, target) => actor === target || treasuries.get(target) === actor });
  // Every operation that needs maker-checker registers its action here.
  const interest = createInterest(database, ledger);
  const approvals = createApprovals(database, ledger, [
    outwardTransferAction(ledger),
    manualVoucherAction(ledger),
    inquiryReplyAction,
    depositRateChangeAction,
    interestCorrectionAction(ledger, interest),
  ]);
  const options = { authenticate: bearerAuthenticator(identity), log };
  return startGrpcServer({
    address,
    log,
    services: [
      ledgerGrpcService(ledger, options),
      identityGrpcService(identity, options),
      staffGrpcService(identity, options),
      approvalsGrpcService(approvals, options),
      interestGrpcService(interest, options),
    ],
    protoRoot: join(workspaceRoot(), 'proto'),
    protoFiles: PROTO_FILES,
  });
}
