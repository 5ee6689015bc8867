import { ALL_MIGRATIONS } from '@jinku/all-migrations';
import { createApprovals, machinePrincipalRegistrationAction, walkThroughApprovals } from '@jinku/approvals';
import { migrate, openDatabase, type Database } from '@jinku/db';
import { createIdentity, type Identity } from '@jinku/identity';
import { dayOfWeek, type Actor, type BusinessDate, type Post } from '@jinku/kernel';
import { createLedger, jurisdictionLookup, type AccountDefinition, standardAccounts, standardSubjects } from '@jinku/ledger';
import type { CalendarDay } from '@jinku/ledger-domain';
import postgres from 'postgres';

/** Only ever the local server: the bench drops and recreates this database. */
export const BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/jinku_bench';
export const TREASURY = 'BENCH';
export const SPREAD_ACCOUNTS_PER_SUBJECT = 5000;
/** The machine principal the bench posts as: receipts are the only vouchers posted directly (no person may). */
export const BENCH_PRINCIPAL = 'bench.tips';

export interface BenchAccount {
  readonly id: string;
  readonly number: string;
  readonly subjectCode: string;
  readonly fiscalLevel: string | null;
  readonly normalSide: 'debit' | 'credit';
}

export interface BenchBooks {
  readonly database: Database;
  readonly businessDate: string;
  /**
   * The machine principal's user id (`principal:<id>`, the maker the server records, so the baseline writes
   * it too) and its client key (sent as a bearer token on the gRPC calls).
   */
  readonly makerId: string;
  readonly token: string;
  readonly accounts: ReadonlyMap<string, BenchAccount>;
}

/**
 * The spread workload's receipts: 5,000 sub-accounts of 清算账户 (1051, clearing) to debit and 5,000 of
 * 中央预算收入 (1011, revenue) to credit. A receipt debits clearing and credits revenue, each on its normal
 * side, so balances only grow and nothing can be overdrawn. Numbers are the subject code + five digits
 * (the standard accounts, e.g. 105100, have two).
 */
export type SpreadSubject = '1051' | '1011';
export const spreadAccountNumber = (subjectCode: SpreadSubject, index: number) => `${subjectCode}${String(index + 1).padStart(5, '0')}`;

/**
 * A fresh `jinku_bench`: every context the server needs migrated (it refuses a database lacking one), the
 * bench's calendar year, one treasury with the standard chart plus the spread accounts, today open as its
 * first business day, and the machine principal the bench posts as — registered through an approved request
 * (system admin enters, reviewer reviews, supervisor approves), with a client key issued for it.
 */
export async function prepareBenchBooks(poolSize: number): Promise<BenchBooks> {
  await recreateDatabase(BENCH_DATABASE_URL);
  const database = openDatabase(BENCH_DATABASE_URL, { max: poolSize });
  try {
    await migrate(database, ALL_MIGRATIONS);
    const businessDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const ledger = createLedger(database);
    await ledger.setup.loadCalendar(benchCalendar(businessDate));
    await ledger.setup.createTreasury({ id: TREASURY, name: '基准测试库', parentId: null, fiscalLevel: 'municipal' });
    await ledger.setup.defineSubjects(TREASURY, standardSubjects);
    await ledger.setup.openAccounts(TREASURY, [
      ...standardAccounts(['provincial', 'municipal'], businessDate),
      ...spreadAccounts('1051', '清算账户', null, businessDate),
      ...spreadAccounts('1011', '中央预算收入', 'central', businessDate),
    ]);
    await ledger.days.openFirst(TREASURY, businessDate);

    const identity = createIdentity(database, { jurisdictionOf: jurisdictionLookup(ledger.setup) });
    const approvals = createApprovals(database, ledger, [machinePrincipalRegistrationAction(identity.principals)], {
      currentPerson: identity.currentPerson,
    });
    const admin = await person(identity, 'bench.admin', '基准系统管理员', 'system_admin');
    const reviewer = await person(identity, 'bench.reviewer', '基准复核岗', 'reviewer');
    const supervisor = await person(identity, 'bench.supervisor', '基准会计主管', 'accounting_supervisor');
    const registration = await walkThroughApprovals(approvals, admin, [reviewer, supervisor], {
      kind: 'machine_principal_registration',
      treasuryId: TREASURY,
      idempotencyKey: `bench:register:${BENCH_PRINCIPAL}`,
      documents: [],
      payload: { name: BENCH_PRINCIPAL, kind: 'tax_link', scopes: ['receipt_posting'] },
    });
    if (registration.status !== 'executed') throw new Error(`registering ${BENCH_PRINCIPAL} ended ${registration.status}`);
    const { key } = await identity.principals.issueKey(null, BENCH_PRINCIPAL);
    // The actor the server will see for this key: its userId is what the server writes as maker_id.
    const principal = await identity.authenticate(key);

    // Fresh tables: give the planner real statistics before anything is measured.
    await database.sql.unsafe('vacuum analyze');
    return { database, businessDate, makerId: principal.userId, token: key, accounts: await loadAccounts(database) };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => undefined });
  try {
    const name = decodeURIComponent(target.pathname.slice(1));
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
    await sql.unsafe(`create database "${name}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * The bench's own working calendar: only today's year is loaded, and today is a business day whatever day
 * of the week it is (a weekend gets a make-up working day), so the bench always posts on today's date. The
 * books need a loaded year to open a day; the dates themselves do not matter to what is measured.
 */
function benchCalendar(today: BusinessDate): CalendarDay[] {
  const year = today.slice(0, 4);
  const holiday = today === `${year}-01-01` ? { date: `${year}-10-01`, name: '国庆节' } : { date: `${year}-01-01`, name: '元旦' };
  const weekend = [0, 6].includes(dayOfWeek(today));
  return [{ ...holiday, kind: 'holiday' }, ...(weekend ? [{ date: today, kind: 'workday' as const, name: '基准测试日' }] : [])];
}

/** A person of the bench treasury holding one post, as an actor (through a token, like any caller). */
async function person(identity: Identity, login: string, name: string, post: Post): Promise<Actor> {
  await identity.createUser({ treasuryId: TREASURY, login, name, posts: [post] });
  return identity.authenticate((await identity.issueToken(login, 1)).token);
}

function spreadAccounts(
  subjectCode: SpreadSubject,
  name: string,
  fiscalLevel: AccountDefinition['fiscalLevel'],
  openedOn: string,
): AccountDefinition[] {
  return Array.from({ length: SPREAD_ACCOUNTS_PER_SUBJECT }, (_, index) => ({
    number: spreadAccountNumber(subjectCode, index),
    name: `${name}${index + 1}`,
    subjectCode,
    fiscalLevel,
    openedOn,
  }));
}

async function loadAccounts(database: Database): Promise<Map<string, BenchAccount>> {
  const rows = await database.sql<BenchAccount[]>`
    select a.id::text as id, a.number, a.subject_code as "subjectCode", a.fiscal_level as "fiscalLevel", s.normal_side as "normalSide"
    from ledger.accounts a join ledger.subjects s on s.treasury_id = a.treasury_id and s.code = a.subject_code
    where a.treasury_id = ${TREASURY}`;
  return new Map(rows.map((row) => [row.number, row]));
}
