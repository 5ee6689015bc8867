import type { MigrationModule } from '@jinku/db';

export const refundsMigrations: MigrationModule = { schema: 'refunds', folder: 'libs/refunds/data-access/migrations' };
