import type { MigrationModule } from '@jinku/db';

export const disbursementMigrations: MigrationModule = { schema: 'disbursement', folder: 'libs/disbursement/data-access/migrations' };
