import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, Sql } from './connection';
import type { MigrationModule } from './migrate';
import { shippedPath } from './shipped-files';

interface Journal {
  readonly entries: readonly { readonly tag: string; readonly when: number }[];
}

/**
 * The migrations this build ships that the database lacks, as `<schema>/<tag>`. drizzle applies the
 * journal entries newer than the newest row of `<schema>.migrations`, so those are the missing ones.
 */
export async function pendingMigrations(database: Database, modules: readonly MigrationModule[]): Promise<string[]> {
  const pending: string[] = [];
  for (const module of modules) {
    const journal = JSON.parse(readFileSync(join(shippedPath(module.folder), 'meta', '_journal.json'), 'utf8')) as Journal;
    const applied = await newestApplied(database.sql, module.schema);
    pending.push(...journal.entries.filter((entry) => entry.when > applied).map((entry) => `${module.schema}/${entry.tag}`));
  }
  return pending;
}

/** created_at of the newest applied migration of a schema; 0 when it was never migrated. */
async function newestApplied(sql: Sql, schema: string): Promise<number> {
  const [table] = await sql<{ found: boolean }[]>`select to_regclass(quote_ident(${schema}) || '.migrations') is not null as found`;
  if (!table?.found) return 0;
  const [row] = await sql<{ newest: string | null }[]>`select max(created_at)::text as newest from ${sql(schema)}.migrations`;
  return Number(row?.newest ?? 0);
}
