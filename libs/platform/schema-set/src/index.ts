import { approvalsMigrations } from '@jinku/approvals';
import { correctionsMigrations } from '@jinku/corrections';
import { debtRedemptionMigrations } from '@jinku/debt-redemption';
import { reconciliationMigrations } from '@jinku/reconciliation';
import { disbursementMigrations } from '@jinku/disbursement';
import type { MigrationModule } from '@jinku/db';
import { identityMigrations } from '@jinku/identity';
import { interestMigrations } from '@jinku/interest';
import { ledgerMigrations } from '@jinku/ledger';
import { refundsMigrations } from '@jinku/refunds';
import { revenueMigrations } from '@jinku/revenue';
import { sealsMigrations } from '@jinku/seals';

/**
 * Every bounded context's schema, in the order they are created: what the server requires before it serves,
 * what `jinku-cli migrate` applies, and what the benches build their databases with. A new context adds its
 * module here once.
 */
export const ALL_MIGRATIONS: readonly MigrationModule[] = [
  ledgerMigrations,
  identityMigrations,
  approvalsMigrations,
  interestMigrations,
  sealsMigrations,
  revenueMigrations,
  refundsMigrations,
  correctionsMigrations,
  disbursementMigrations,
  debtRedemptionMigrations,
  reconciliationMigrations,
];
