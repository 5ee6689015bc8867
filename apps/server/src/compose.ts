import { asUnavailable, shippedPath, type Database } from '@jinku/db';
import {
  calendarChangeAction,
  createApprovals,
  errorCorrectionAction,
  inquiryReplyAction,
  machinePrincipalRegistrationAction,
  manualVoucherAction,
  openingBalancesAction,
  outwardTransferAction,
} from '@jinku/approvals';
import { approvalsGrpcService } from '@jinku/approvals-grpc';
import { startGrpcServer, type RunningServer } from '@jinku/grpc-kit';
import { createInterest, depositRateChangeAction, interestCorrectionAction } from '@jinku/interest';
import { interestGrpcService } from '@jinku/interest-grpc';
import { createIdentity } from '@jinku/identity';
import { bearerAuthenticator, identityGrpcService, staffGrpcService } from '@jinku/identity-grpc';
import { createLedger, jurisdictionLookup } from '@jinku/ledger';
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
  // The branch's people reach its sub-treasuries (R3, R23); the ledger owns the hierarchy.
  const identity = createIdentity(database, { jurisdictionOf: jurisdictionLookup(ledger.setup) });
  const interest = createInterest(database, ledger);
  // Every operation that needs maker-checker registers its action here.
  const approvals = createApprovals(
    database,
    ledger,
    [
      outwardTransferAction(ledger),
      manualVoucherAction(ledger),
      errorCorrectionAction(ledger),
      inquiryReplyAction,
      machinePrincipalRegistrationAction(identity.principals),
      calendarChangeAction(ledger),
      openingBalancesAction(ledger),
      depositRateChangeAction(database),
      interestCorrectionAction(ledger, interest),
    ],
    { currentPerson: identity.currentPerson },
  );
  const options = { authenticate: bearerAuthenticator(identity), log, recordRefusal: approvals.recordRefusal, classifyError: asUnavailable };
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
    protoRoot: shippedPath('proto'),
    protoFiles: PROTO_FILES,
  });
}
