import type { MigrationModule } from '@jinku/db';

export const interestMigrations: MigrationModule = { schema: 'interest', folder: 'libs/interest/data-access/migrations' };
