import { parseBusinessDate } from '@jinku/kernel';
import type { ActionDefinition } from '../action';
import { objectOf, text } from './payload';

export const INQUIRY_REPLY = 'inquiry_reply';

interface InquiryReply {
  readonly inquiryId: string;
  readonly receivedOn: string;
  readonly from: string;
  readonly question: string;
  readonly reply: string;
}

/**
 * 查询查复 (R18(5), R19(3)): the reply to an inquiry goes out once reviewed and approved by the supervisor,
 * the same business day or by noon of the next; `overdueInquiries` lists the late ones.
 */
export const inquiryReplyAction: ActionDefinition<InquiryReply> = {
  policy: { kind: INQUIRY_REPLY, permission: 'inquiry.enter_reply' },
  parse(payload) {
    const record = objectOf(payload);
    return {
      inquiryId: text(record, 'inquiryId'),
      receivedOn: parseBusinessDate(text(record, 'receivedOn'), 'payload.receivedOn'),
      from: text(record, 'from'),
      question: text(record, 'question'),
      reply: text(record, 'reply'),
    };
  },
  targetOf: (inquiry) => `inquiry:${inquiry.inquiryId}`,
  amountOf: () => null,
  keyElementsOf: () => null,
  important: () => true,
  // Sending the reply through the inquiry channel belongs to the reconciliation context; here the
  // approval itself is the record that the reply was authorized.
  execute: async (_tx, inquiry, context) => ({ inquiryId: inquiry.inquiryId, approvedBy: context.approver.login }),
};
