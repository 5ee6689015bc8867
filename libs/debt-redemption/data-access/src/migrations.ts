import type { MigrationModule } from '@jinku/db';

export const debtRedemptionMigrations: MigrationModule = { schema: 'debt_redemption', folder: 'libs/debt-redemption/data-access/migrations' };
