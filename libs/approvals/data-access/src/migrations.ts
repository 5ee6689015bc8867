import type { MigrationModule } from '@jinku/db';

export const approvalsMigrations: MigrationModule = { schema: 'approvals', folder: 'libs/approvals/data-access/migrations' };
