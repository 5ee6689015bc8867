import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from './connection';
import { migrate, type MigrationModule } from './migrate';

export { createLocalPostgres, type LocalPostgres } from './local-postgres';

export interface TestDatabase extends Database {
  readonly url: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

const defaultServer = (): string => process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A fresh database with the given contexts migrated; one per test file so files run in parallel. It lives
 * on the shared PostgreSQL unless `server` names another (a LocalPostgres's url()).
 */
export async function createTestDatabase(modules: readonly MigrationModule[], server = defaultServer()): Promise<TestDatabase> {
  const name = `jinku_test_${randomBytes(6).toString('hex')}`;
  const admin = new URL(server);
  admin.pathname = '/postgres';
  const adminSql = postgres(admin.toString(), { max: 1, onnotice: () => undefined });
  await adminSql.unsafe(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const database = openDatabase(url.toString(), { max: 8 });
  await migrate(database, modules);
  return {
    ...database,
    async drop() {
      await database.close();
      await adminSql.unsafe(`drop database if exists ${name} with (force)`);
      await adminSql.end({ timeout: 5 });
    },
  };
}
