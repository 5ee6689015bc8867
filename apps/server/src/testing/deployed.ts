import type { Metadata } from '@grpc/grpc-js';
import { createApprovals, machinePrincipalRegistrationAction, walkThroughApprovals } from '@jinku/approvals';
import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import { createIdentity } from '@jinku/identity';
import type { Post } from '@jinku/kernel';
import { createLedger, jurisdictionLookup, seedLedgerDemo } from '@jinku/ledger';
import { ledgerV1 } from '@jinku/proto';
import { pino } from 'pino';
import { serve, SERVER_MIGRATIONS, type ServeConfig, type Serving } from '../serve';
import { bearer } from './harness';

/** Fault tests run the server as main.ts does (serve), with probes fast enough for a test. */
export const TEST_SERVE_CONFIG: Omit<ServeConfig, 'databaseUrl'> = {
  grpcAddress: '127.0.0.1:0',
  tls: undefined,
  grpcReflection: true,
  databasePoolSize: 10,
  databaseConnectTimeout: 2,
  databaseStatementTimeoutMs: 30_000,
  databaseLockTimeoutMs: 10_000,
  healthIntervalMs: 100,
  healthTimeoutMs: 500,
  metricsAddress: '',
};

export function serveForTest(databaseUrl: string, onFatal: (error: unknown) => void = () => undefined): Promise<Serving> {
  return serve({ ...TEST_SERVE_CONFIG, databaseUrl }, pino({ level: 'silent' }), onFatal);
}

/**
 * A migrated database with the demo books (business day 2026-11-20) on `server`, and the key of the
 * registered tax link sz.tips, which may post receipts.
 */
export async function seededDatabase(server?: string): Promise<{ database: TestDatabase; tipsKey: Metadata }> {
  const database = await createTestDatabase(SERVER_MIGRATIONS, server);
  const ledger = createLedger(database);
  await seedLedgerDemo(ledger.setup, ledger.days, '2026-11-20');
  const identity = createIdentity(database, { jurisdictionOf: jurisdictionLookup(ledger.setup) });
  const person = async (login: string, post: Post) => {
    await identity.createUser({ treasuryId: 'SZ', login, name: login, posts: [post] });
    return identity.authenticate((await identity.issueToken(login, 1)).token);
  };
  const approvals = createApprovals(database, ledger, [machinePrincipalRegistrationAction(identity.principals)], { currentPerson: identity.currentPerson });
  await walkThroughApprovals(approvals, await person('sz.admin', 'system_admin'), [await person('sz.reviewer', 'reviewer'), await person('sz.supervisor', 'accounting_supervisor')], {
    kind: 'machine_principal_registration',
    treasuryId: 'SZ',
    idempotencyKey: 'register-sz.tips',
    documents: [{ kind: 'registration_form', reference: 'test/sz.tips' }],
    payload: { name: 'sz.tips', kind: 'tax_link', scopes: ['receipt_posting', 'ledger_read'] },
  });
  const { key } = await identity.principals.issueKey(null, 'sz.tips');
  return { database, tipsKey: bearer(key) };
}

/** A receipt of `amount` yuan: clearing account debited, revenue credited. */
export function receipt(idempotencyKey: string, amount = '1.00'): ledgerV1.PostVoucherRequest {
  return {
    treasuryId: 'SZ',
    idempotencyKey,
    summary: '国内增值税入库',
    documents: [{ kind: 'tax_payment_form', reference: `TIPS-${idempotencyKey}` }],
    lines: [
      { accountNumber: '105100', side: ledgerV1.Side.SIDE_DEBIT, amount, fiscalLevel: '', classificationCode: '1010101' },
      { accountNumber: '201103', side: ledgerV1.Side.SIDE_CREDIT, amount, fiscalLevel: '', classificationCode: '1010101' },
    ],
  };
}
