export {
  createApprovals,
  type Approvals,
  type ApprovalsOptions,
  type ApprovalRequest,
  type ActCommand,
  type SubmitCommand,
  type RegisterQuery,
  type StepRecord,
} from './approvals';
export type { RecordedRefusal } from './audit-trail';
export type { ActionDefinition, ActionContext, AnyAction, RequestPolicy } from './action';
export { approvalsMigrations } from './migrations';
export { manualVoucherAction } from './actions/manual-voucher';
export { outwardTransferAction } from './actions/outward-transfer';
export { inquiryReplyAction, INQUIRY_REPLY } from './actions/inquiry-reply';
export { errorCorrectionAction, type ErrorOrigin } from './actions/error-correction';
export { machinePrincipalRegistrationAction } from './actions/machine-principal-registration';
export { walkThroughApprovals } from './walk-through';
export { calendarChangeAction } from './actions/calendar-change';
export { openingBalancesAction } from './actions/opening-balances';
export { malformedPayload, payloadRecord, payloadText, textLimitOf } from './actions/payload';
