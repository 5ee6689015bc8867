import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate as drizzleMigrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Database } from './connection';
import { shippedPath } from './shipped-files';

/** A bounded context's migrations: its PostgreSQL schema and its drizzle-kit output folder. */
export interface MigrationModule {
  readonly schema: string;
  /** Relative to the workspace root, e.g. `libs/ledger/data-access/migrations`; builds ship it (see shippedPath). */
  readonly folder: string;
}

/** Arbitrary constant: serializes migrations of concurrently starting processes. */
const MIGRATION_LOCK = 7_306_251_001;

export async function migrate(database: Database, modules: readonly MigrationModule[]): Promise<void> {
  // A session lock on a reserved connection: other processes wait here while drizzle migrates on its own.
  const lock = await database.sql.reserve();
  await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
  const client = postgres(database.url, { max: 1, onnotice: () => undefined });
  try {
    for (const module of modules) {
      await drizzleMigrate(drizzle(client), {
        migrationsFolder: shippedPath(module.folder),
        migrationsSchema: module.schema,
        migrationsTable: 'migrations',
      });
    }
  } finally {
    await client.end({ timeout: 5 });
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    lock.release();
  }
}
