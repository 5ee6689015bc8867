import type { MigrationModule } from '@jinku/db';

export const correctionsMigrations: MigrationModule = { schema: 'corrections', folder: 'libs/corrections/data-access/migrations' };
