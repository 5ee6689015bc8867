export { createDebtRedemption, MAX_INSTRUMENTS_PER_CLAIM, type DebtRedemption, type RedemptionClaim, type ClaimOutcome } from './debt-redemption';
export { bondIssueRegistrationAction } from './issue-registration';
export type { ClaimRecord } from './bond-repository';
export { debtRedemptionMigrations } from './migrations';
export { bondPaymentAction, paymentDeadlineOf, type BondPaymentPayload } from './payment-action';
export { vaultHandoverAction, destructionAction, type VaultHandoverPayload, type DestructionPayload } from './custody-actions';
