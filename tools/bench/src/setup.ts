import { migrate, openDatabase, type Database } from '@jinku/db';
import { createIdentity, identityMigrations } from '@jinku/identity';
import { createLedger, ledgerMigrations, type AccountDefinition, standardAccounts, standardSubjects } from '@jinku/ledger';
import postgres from 'postgres';

/** Only ever the local server: the bench drops and recreates this database. */
export const BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/jinku_bench';
export const TREASURY = 'BENCH';
export const SPREAD_ACCOUNTS_PER_SUBJECT = 5000;

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
  /** The income operator's user id (maker of the baseline's rows) and bearer token (for gRPC calls). */
  readonly makerId: string;
  readonly token: string;
  readonly accounts: ReadonlyMap<string, BenchAccount>;
}

/** 5,000 accounts each of 暂付款 (1031) and 暂收款 (2031): neither is a deposit, so nothing can be overdrawn. */
export const spreadAccountNumber = (subjectCode: '1031' | '2031', index: number) => `${subjectCode}${String(index + 1).padStart(5, '0')}`;

/**
 * A fresh `jinku_bench`: both contexts migrated, one treasury with the standard chart plus the spread
 * accounts, an income operator with a token, and the first business day open.
 */
export async function prepareBenchBooks(poolSize: number): Promise<BenchBooks> {
  await recreateDatabase(BENCH_DATABASE_URL);
  const database = openDatabase(BENCH_DATABASE_URL, { max: poolSize });
  try {
    await migrate(database, [ledgerMigrations, identityMigrations]);
    const businessDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const ledger = createLedger(database);
    await ledger.setup.createTreasury({ id: TREASURY, name: '基准测试库', parentId: null, fiscalLevel: 'municipal' });
    await ledger.setup.defineSubjects(TREASURY, standardSubjects);
    await ledger.setup.openAccounts(TREASURY, [
      ...standardAccounts(['provincial', 'municipal'], businessDate),
      ...spreadAccounts('1031', '暂付款', businessDate),
      ...spreadAccounts('2031', '暂收款', businessDate),
    ]);
    await ledger.days.openFirst(TREASURY, businessDate);

    const identity = createIdentity(database);
    const operator = await identity.createUser({ treasuryId: TREASURY, login: 'bench.operator', name: '基准收入岗', posts: ['income_operator'] });
    const { token } = await identity.issueToken(operator.login, 1);

    // Fresh tables: give the planner real statistics before anything is measured.
    await database.sql.unsafe('vacuum analyze');
    return { database, businessDate, makerId: operator.id, token, accounts: await loadAccounts(database) };
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

function spreadAccounts(subjectCode: '1031' | '2031', name: string, openedOn: string): AccountDefinition[] {
  return Array.from({ length: SPREAD_ACCOUNTS_PER_SUBJECT }, (_, index) => ({
    number: spreadAccountNumber(subjectCode, index),
    name: `${name}${index + 1}`,
    subjectCode,
    fiscalLevel: null,
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
