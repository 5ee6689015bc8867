import type { MigrationModule } from '@jinku/db';

export const reconciliationMigrations: MigrationModule = { schema: 'reconciliation', folder: 'libs/reconciliation/data-access/migrations' };
