import type { MigrationModule } from '@jinku/db';

export const ledgerMigrations: MigrationModule = { schema: 'ledger', folder: 'libs/ledger/data-access/migrations' };
