import type { MigrationModule } from '@jinku/db';

export const identityMigrations: MigrationModule = { schema: 'identity', folder: 'libs/identity/data-access/migrations' };
