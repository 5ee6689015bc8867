import { ALL_MIGRATIONS } from '@jinku/all-migrations';
import { createApprovals, machinePrincipalRegistrationAction, walkThroughApprovals, type Approvals, type SubmitCommand } from '@jinku/approvals';
import { migrate, openDatabase, type Database } from '@jinku/db';
import { createIdentity, type Identity } from '@jinku/identity';
import { treasuryDate, type Actor, type BusinessDate, type Post } from '@jinku/kernel';
import { createLedger, jurisdictionLookup, seedLedgerDemo } from '@jinku/ledger';
import { createRevenue, sharingRuleChangeAction } from '@jinku/revenue';
import { BENCH_REGIONS, BENCH_RULES } from './receipts-workload';
import { recreateDatabase } from './setup';

/** Only ever the local server: the receipts bench drops and recreates this database. */
export const RECEIPTS_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/jinku_bench_receipts';
/** The branch (分库) the receipts are booked at: it keeps the central, provincial and municipal levels. */
export const BRANCH = 'SZ';
/** The machine principal (a tax link, scope receipt_posting) the bench submits receipts as. */
export const RECEIPTS_PRINCIPAL = 'bench.tips';

/**
 * Every context the server checks for at start-up (ALL_MIGRATIONS in apps/server/src/serve.ts, the same
 * list `jinku-cli migrate` applies): it refuses a database lacking one.
 */

export interface ReceiptBooks {
  readonly database: Database;
  readonly businessDate: BusinessDate;
  /** What the server records as maker (`principal:<id>`): the baseline writes it too. */
  readonly makerId: string;
  /** The principal's client key, sent as a bearer token. */
  readonly token: string;
}

/**
 * A fresh `jinku_bench_receipts`: every context migrated; the demo books (branch SZ over the district
 * sub-treasuries SZ-FT and SZ-LG, the standard chart, the classification codes, the national calendar, the
 * first business day on or after today open); the regions each treasury serves; the bench's sharing rules,
 * each entered by the branch's system admin and approved by its reviewer and supervisor (as every rule is);
 * and the link principal `bench.tips` (scope `receipt_posting`), registered through an approved request,
 * with a client key.
 */
export async function prepareReceiptBooks(poolSize: number): Promise<ReceiptBooks> {
  await recreateDatabase(RECEIPTS_DATABASE_URL);
  const database = openDatabase(RECEIPTS_DATABASE_URL, { max: poolSize, statementTimeoutMs: 0, lockTimeoutMs: 0 });
  try {
    await migrate(database, ALL_MIGRATIONS);
    const ledger = createLedger(database);
    const businessDate = await seedLedgerDemo(ledger.setup, ledger.days, treasuryDate());
    const identity = createIdentity(database, { jurisdictionOf: jurisdictionLookup(ledger.setup) });
    const admin = await person(identity, 'bench.admin', '基准系统管理员', 'system_admin');
    const checkers = [await person(identity, 'bench.reviewer', '基准复核岗', 'reviewer'), await person(identity, 'bench.supervisor', '基准会计主管', 'accounting_supervisor')];

    await createRevenue(database, ledger).defineRegions(BENCH_REGIONS);
    const rules = createApprovals(database, ledger, [sharingRuleChangeAction(ledger)], { currentPerson: identity.currentPerson });
    for (const rule of BENCH_RULES) {
      await approve(rules, admin, checkers, {
        kind: 'sharing_rule_change',
        treasuryId: BRANCH,
        idempotencyKey: `bench:sharing:${rule.revenueCode}`,
        documents: [{ kind: 'fiscal_system_notice', reference: `bench/sharing/${rule.revenueCode}` }],
        payload: { revenueCode: rule.revenueCode, region: '', effectiveFrom: businessDate, shares: Object.entries(rule.percents).map(([level, percent]) => ({ level, percent: String(percent) })) },
      });
    }

    const registrations = createApprovals(database, ledger, [machinePrincipalRegistrationAction(identity.principals)], { currentPerson: identity.currentPerson });
    await approve(registrations, admin, checkers, {
      kind: 'machine_principal_registration',
      treasuryId: BRANCH,
      idempotencyKey: `bench:register:${RECEIPTS_PRINCIPAL}`,
      documents: [{ kind: 'registration_form', reference: `bench/${RECEIPTS_PRINCIPAL}` }],
      payload: { name: RECEIPTS_PRINCIPAL, kind: 'tax_link', scopes: ['receipt_posting'] },
    });
    const { key } = await identity.principals.issueKey(null, RECEIPTS_PRINCIPAL);
    const principal = await identity.authenticate(key);

    // Fresh tables: give the planner real statistics before anything is measured.
    await database.sql.unsafe('vacuum analyze');
    return { database, businessDate, makerId: principal.userId, token: key };
  } catch (error) {
    await database.close();
    throw error;
  }
}

async function approve(approvals: Approvals, maker: Actor, checkers: readonly Actor[], command: SubmitCommand): Promise<void> {
  const request = await walkThroughApprovals(approvals, maker, checkers, command);
  if (request.status !== 'executed') throw new Error(`${command.kind} ${command.idempotencyKey} ended ${request.status}`);
}

/** A person of the branch holding one post, as an actor (through a token, like any caller). */
async function person(identity: Identity, login: string, name: string, post: Post): Promise<Actor> {
  await identity.createUser({ treasuryId: BRANCH, login, name, posts: [post] });
  return identity.authenticate((await identity.issueToken(login, 1)).token);
}
