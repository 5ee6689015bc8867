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
import { createCorrections, revenueCorrectionAction } from '@jinku/corrections';
import { correctionGrpcService } from '@jinku/corrections-grpc';
import {
  appropriationAction,
  clearingAction,
  createDisbursement,
  createDisbursementReports,
  monitoringRuleChangeAction,
  paymentReturnAction,
  planEntryAction,
  quotaEntryAction,
} from '@jinku/disbursement';
import { disbursementGrpcService } from '@jinku/disbursement-grpc';
import { bondIssueRegistrationAction, bondPaymentAction, createDebtRedemption, destructionAction, vaultHandoverAction } from '@jinku/debt-redemption';
import { debtRedemptionGrpcService } from '@jinku/debt-redemption-grpc';
import { startGrpcServer, type RunningServer, type TlsFiles } from '@jinku/grpc-kit';
import { createReconciliation } from '@jinku/reconciliation';
import { reconciliationGrpcService } from '@jinku/reconciliation-grpc';
import { createInterest, depositRateChangeAction, interestCorrectionAction } from '@jinku/interest';
import { interestGrpcService } from '@jinku/interest-grpc';
import { createIdentity } from '@jinku/identity';
import { bearerAuthenticator, identityGrpcService, staffGrpcService } from '@jinku/identity-grpc';
import { createLedger, jurisdictionLookup } from '@jinku/ledger';
import { ledgerGrpcService } from '@jinku/ledger-grpc';
import type { Logger } from '@jinku/runtime';
import { createRefunds, revenueRefundAction } from '@jinku/refunds';
import { refundGrpcService } from '@jinku/refunds-grpc';
import { createRevenue, createRevenueReports, sharingRuleChangeAction } from '@jinku/revenue';
import { revenueGrpcService } from '@jinku/revenue-grpc';
import {
  createSeals,
  createSpecimens,
  createValuables,
  sealHandoverAction,
  sealRegistrationAction,
  specimenCardChangeAction,
  specimenCardNewAction,
  specimenCardRevokeAction,
  type SealKeyring,
} from '@jinku/seals';
import { sealGrpcService, specimenGrpcService, valuableGrpcService } from '@jinku/seals-grpc';
import type { ServerMetrics } from './metrics';

const PROTO_FILES = [
  'jinku/ledger/v1/ledger.proto',
  'jinku/identity/v1/identity.proto',
  'jinku/approvals/v1/approvals.proto',
  'jinku/interest/v1/interest.proto',
  'jinku/seals/v1/seals.proto',
  'jinku/revenue/v1/revenue.proto',
  'jinku/refunds/v1/refunds.proto',
  'jinku/corrections/v1/corrections.proto',
  'jinku/disbursement/v1/disbursement.proto',
  'jinku/debt_redemption/v1/debt_redemption.proto',
  'jinku/reconciliation/v1/reconciliation.proto',
];

export interface JinkuServerOptions {
  /** host:port; tests use port 0. */
  readonly address: string;
  readonly tls?: TlsFiles;
  /** gRPC reflection, on unless false. */
  readonly reflection?: boolean;
  /** Where the RPCs, posting groups and day closes are counted; nowhere for tests that do not look. */
  readonly metrics?: ServerMetrics;
  /** Encrypts seals' private keys (JINKU_SEAL_KEY); without it seals are listed and verified, never registered or applied. */
  readonly sealKeyring?: SealKeyring;
}

/** Wires the bounded contexts into one gRPC server; tests start the same thing on port 0. */
export async function startJinkuServer(database: Database, log: Logger, options: JinkuServerOptions): Promise<RunningServer> {
  const { metrics } = options;
  const ledger = createLedger(database, { onGroup: metrics?.observePostingGroup, onDayClose: metrics?.observeDayClose });
  // The branch's people reach its sub-treasuries (R3, R23); the ledger owns the hierarchy.
  const identity = createIdentity(database, { jurisdictionOf: jurisdictionLookup(ledger.setup) });
  const interest = createInterest(database, ledger);
  const seals = createSeals(database, { keyring: options.sealKeyring, personOf: identity.currentPerson });
  const valuables = createValuables(database, ledger);
  const specimens = createSpecimens(database);
  const revenue = createRevenue(database, ledger);
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
      sealRegistrationAction(seals),
      sealHandoverAction(seals),
      specimenCardNewAction(database),
      specimenCardChangeAction(database),
      specimenCardRevokeAction(database),
      sharingRuleChangeAction(ledger),
      revenueRefundAction({ database, ledger, revenue, specimens }),
      revenueCorrectionAction({ database, ledger, revenue, specimens }),
      appropriationAction({ database, ledger, specimens }),
      clearingAction({ database, ledger, specimens }),
      paymentReturnAction({ database, ledger }),
      monitoringRuleChangeAction(ledger),
      planEntryAction(),
      quotaEntryAction(),
      bondIssueRegistrationAction(database),
      bondPaymentAction({ database, ledger }),
      vaultHandoverAction({ database, ledger }),
      destructionAction({ database, ledger }),
    ],
    { currentPerson: identity.currentPerson },
  );
  const disbursement = createDisbursement(database, { ledger, approvals });
  const redemption = createDebtRedemption(database, ledger);
  // R57(4), R66: a month closes only with the bonds in custody, the blank vouchers and the valuable documents in stock
  // agreeing with the off-balance books.
  ledger.months.addCheck('BONDS_IN_CUSTODY_AGREE', (_tx, treasuryId) => redemption.custodyDifference(treasuryId));
  ledger.months.addCheck('VALUABLES_IN_STOCK_AGREE', (_tx, treasuryId) => valuables.stockDifference(treasuryId));
  metrics?.watchOverduePayments(() => disbursement.overdueCounts());
  const unaryOptions = {
    authenticate: bearerAuthenticator(identity),
    log,
    recordRefusal: approvals.recordRefusal,
    classifyError: asUnavailable,
    observeCall: metrics?.observeCall,
  };
  return startGrpcServer({
    address: options.address,
    log,
    services: [
      ledgerGrpcService(ledger, unaryOptions),
      identityGrpcService(identity, unaryOptions),
      staffGrpcService(identity, unaryOptions),
      approvalsGrpcService(approvals, unaryOptions),
      interestGrpcService(interest, unaryOptions),
      sealGrpcService(seals, unaryOptions),
      valuableGrpcService(valuables, unaryOptions),
      specimenGrpcService(specimens, unaryOptions),
      revenueGrpcService(revenue, createRevenueReports(database, ledger), unaryOptions),
      refundGrpcService(createRefunds(database), unaryOptions),
      correctionGrpcService(createCorrections(database), unaryOptions),
      disbursementGrpcService(disbursement, createDisbursementReports(database, ledger), unaryOptions),
      debtRedemptionGrpcService(redemption, unaryOptions),
      reconciliationGrpcService(createReconciliation(database, { revenue, disbursement, ledger, specimens }), unaryOptions),
    ],
    protoRoot: shippedPath('proto'),
    protoFiles: PROTO_FILES,
    reflection: options.reflection,
    tls: options.tls,
  });
}
