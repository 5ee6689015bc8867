export { createRefunds, type Refunds, type RefundAuthorityView } from './refunds';
export { revenueRefundAction } from './refund-action';
export type { RefundDependencies } from './refund-plan';
export type { RefundRecord, RefundPart } from './register';
export type { RevenueRefundPayload } from './payload';
export { refundsMigrations } from './migrations';
