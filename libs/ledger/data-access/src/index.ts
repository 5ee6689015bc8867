export { createLedger, type Ledger, type LedgerOptions, type PostVoucherCommand, type ReverseVoucherCommand, type Reversal } from './ledger';
export { ledgerMigrations } from './migrations';
export type { PostingOutcome } from './posting-engine';
export type { AccountWithBalance, AccountEntry } from './accounts';
export type { BusinessDay, DailyStatement, DayClosed, AccountStatementRow, SubjectStatementRow } from './days';
export type { Page, PageRequest } from './pagination';
export type { TreasuryDefinition, AccountDefinition, ClassificationCode } from './setup';
export { seedLedgerDemo, demoTreasuries } from './demo/seed';
export { standardSubjects, standardAccounts } from './demo/chart';
