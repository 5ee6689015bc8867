export { createReconciliation, MAX_LINES_PER_UPLOAD, type Reconciliation, type SignedResult } from './reconciliation';
export type { StatementRecord, DifferenceRecord, HandedStatement } from './statement-repository';
export { matchStatement } from './match';
export { reconciliationMigrations } from './migrations';
