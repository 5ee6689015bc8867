export { createDisbursement, type Disbursement, type BudgetDataTaken } from './disbursement';
export { appropriationAction, clearingAction } from './payment-action';
export type { DisbursementDependencies } from './payment-plan';
export type { PaymentRecord } from './payment-register';
export type { PaymentPayload } from './payload';
export { disbursementMigrations } from './migrations';
