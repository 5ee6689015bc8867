export { createRevenue, MAX_RECEIPTS_PER_CALL, type Revenue } from './revenue';
export type { RegionDefinition } from './routing';
export type { ReceiptInput, ReceiptOutcome, ReceiptPart } from './intake';
export { sharingRuleChangeAction, type RecordedSharingRule } from './sharing-rules';
export { revenueMigrations } from './migrations';
