export { accumulationsFor, subjectsDisagreeing, type AccountAccumulation } from './accumulations';
export { createInterest, type Interest, type InterestPreview, type AccountInterest, type RunOutcome, type RunOptions } from './interest';
export { depositRateChangeAction } from './rate-change';
export type { DepositRateVersion } from './rates';
export { interestMigrations } from './migrations';
export { interestCorrectionAction } from './correction';
