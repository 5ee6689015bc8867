import type { MigrationModule } from '@jinku/db';

export const sealsMigrations: MigrationModule = { schema: 'seals', folder: 'libs/seals/data-access/migrations' };
