import type { MigrationModule } from '@jinku/db';

export const revenueMigrations: MigrationModule = { schema: 'revenue', folder: 'libs/revenue/data-access/migrations' };
