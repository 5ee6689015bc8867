export { createApprovals, type Approvals, type ApprovalRequest, type ActCommand, type SubmitCommand, type RegisterQuery, type StepRecord } from './approvals';
export type { ActionDefinition, ActionContext, AnyAction } from './action';
export { approvalsMigrations } from './migrations';
export { manualVoucherAction } from './actions/manual-voucher';
export { outwardTransferAction } from './actions/outward-transfer';
export { inquiryReplyAction, INQUIRY_REPLY } from './actions/inquiry-reply';
