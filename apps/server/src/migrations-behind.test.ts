import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@jinku/db';
import type { TestDatabase } from '@jinku/db/testing';
import { ledgerMigrations } from '@jinku/ledger';
import { healthOf } from '@jinku/local-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MigrationsBehindError, type Serving } from './serve';
import { seededDatabase, serveForTest } from './testing/deployed';

let database: TestDatabase;
let serving: Serving | undefined;

beforeAll(async () => {
  ({ database } = await seededDatabase());
});

afterAll(async () => {
  await serving?.stop();
  await database?.drop();
});

describe('a database whose migrations are behind the build', () => {
  it('is refused: the server never turns SERVING and names the missing migration', async () => {
    // The database as it was before the ledger's newest migration: its journal row is gone.
    await database.sql`delete from ledger.migrations where created_at = (select max(created_at) from ledger.migrations)`;
    const journal = JSON.parse(readFileSync(join(workspaceRoot(), ledgerMigrations.folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const newest = journal.entries.at(-1)!.tag;

    let onFatal!: (error: unknown) => void;
    const refused = new Promise<unknown>((resolve) => (onFatal = resolve));
    serving = await serveForTest(database.url, onFatal);
    const error = await refused;

    expect(error).toBeInstanceOf(MigrationsBehindError);
    expect((error as MigrationsBehindError).missing).toEqual([`ledger/${newest}`]);
    expect((error as Error).message).toContain(`ledger/${newest}`);
    expect(await healthOf(`127.0.0.1:${serving.server.port}`)).toBe('NOT_SERVING');
  });
});
