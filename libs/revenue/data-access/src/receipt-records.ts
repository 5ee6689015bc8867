import type { Database } from '@jinku/db';
import type { BusinessDate } from '@jinku/kernel';
import type { ReceiptInput, ReceiptPart } from './intake';

/** A receipt as the register holds it. */
export interface ReceiptRecord {
  readonly id: string;
  readonly treasuryId: string;
  readonly receipt: ReceiptInput;
  readonly voucherId: string;
  readonly businessDate: BusinessDate;
  readonly parts: readonly ReceiptPart[];
  readonly sharingRuleId: string | null;
  readonly principalId: string;
  readonly recordedAt: Date;
}

interface ReceiptRow {
  id: string;
  treasury_id: string;
  authority_code: string;
  message_id: string;
  principal_id: string;
  revenue_code: string;
  designation: string;
  region: string;
  payer_name: string;
  payer_account: string;
  amount: string;
  collection_date: string;
  business_date: string;
  parts: ReceiptPart[];
  sharing_rule_id: string | null;
  voucher_id: string;
  recorded_at: Date;
}

/** The register of receipts, read by its key; amounts and dates as text, exactly as stored. */
export const receiptRecords = {
  async byMessage(sql: Database['sql'], authorityCode: string, messageId: string): Promise<ReceiptRecord | undefined> {
    const [row] = await sql<ReceiptRow[]>`
      select id, treasury_id, authority_code, message_id, principal_id, revenue_code, designation, region, payer_name,
             payer_account, amount::text as amount, collection_date::text as collection_date,
             business_date::text as business_date, parts, sharing_rule_id, voucher_id, recorded_at
      from revenue.receipts where authority_code = ${authorityCode} and message_id = ${messageId}`;
    if (!row) return undefined;
    return {
      id: row.id,
      treasuryId: row.treasury_id,
      receipt: {
        authorityCode: row.authority_code,
        messageId: row.message_id,
        revenueCode: row.revenue_code,
        designation: row.designation,
        region: row.region,
        payerName: row.payer_name,
        payerAccount: row.payer_account,
        amount: row.amount,
        collectionDate: row.collection_date,
      },
      voucherId: row.voucher_id,
      businessDate: row.business_date,
      parts: row.parts,
      sharingRuleId: row.sharing_rule_id,
      principalId: row.principal_id,
      recordedAt: row.recorded_at,
    };
  },
};
