import type { Database, Tx } from '@jinku/db';
import type { BusinessDate } from '@jinku/kernel';
import type { FiscalLevel } from '@jinku/ledger-domain';

type Sql = Database['sql'] | Tx;

/** One level's share of a refund and the account it was taken from (the receipt's part's account). */
export interface RefundPart {
  readonly level: FiscalLevel;
  readonly amount: string;
  readonly accountNumber: string;
  /** The treasury that keeps the level. */
  readonly treasuryId: string;
  /** The code the revenue stood under: the receipt's, or the one a correction moved it to. */
  readonly revenueCode: string;
}

/** A refund made, as the register holds it; amounts and dates as text, exactly as stored. */
export interface RefundRecord {
  readonly id: string;
  readonly treasuryId: string;
  readonly businessDate: BusinessDate;
  readonly receipt: { readonly authorityCode: string; readonly messageId: string } | null;
  readonly exportPlanReference: string | null;
  readonly authorityCode: string;
  readonly authorityKind: string;
  readonly approvalDocument: string;
  readonly approvalDate: BusinessDate;
  readonly refundVoucherNumber: string;
  readonly applicationReference: string;
  readonly payeeName: string;
  readonly payeeAccount: string;
  readonly bankCode: string;
  readonly amount: string;
  readonly reason: string;
  readonly parts: readonly RefundPart[];
  readonly voucherId: string;
  readonly approvalRequestId: string;
  readonly recordedAt: Date;
}

export type NewRefund = Omit<RefundRecord, 'id' | 'recordedAt'>;

interface RefundRow {
  id: string;
  treasury_id: string;
  business_date: string;
  receipt_authority_code: string | null;
  receipt_message_id: string | null;
  export_plan_reference: string | null;
  authority_code: string;
  authority_kind: string;
  approval_document: string;
  approval_date: string;
  refund_voucher_number: string;
  application_reference: string;
  payee_name: string;
  payee_account: string;
  bank_code: string;
  amount: string;
  reason: string;
  parts: RefundPart[];
  voucher_id: string;
  approval_request_id: string;
  recorded_at: Date;
}

/** Dates and amounts as text: the driver would make dates Dates at midnight UTC. */
const COLUMNS = `id, treasury_id, business_date::text as business_date, receipt_authority_code, receipt_message_id, export_plan_reference,
  authority_code, authority_kind, approval_document, approval_date::text as approval_date, refund_voucher_number, application_reference,
  payee_name, payee_account, bank_code, amount::text as amount, reason, parts, voucher_id, approval_request_id, recorded_at`;

const recordOf = (row: RefundRow): RefundRecord => ({
  id: row.id,
  treasuryId: row.treasury_id,
  businessDate: row.business_date,
  receipt: row.receipt_authority_code === null ? null : { authorityCode: row.receipt_authority_code, messageId: row.receipt_message_id! },
  exportPlanReference: row.export_plan_reference,
  authorityCode: row.authority_code,
  authorityKind: row.authority_kind,
  approvalDocument: row.approval_document,
  approvalDate: row.approval_date,
  refundVoucherNumber: row.refund_voucher_number,
  applicationReference: row.application_reference,
  payeeName: row.payee_name,
  payeeAccount: row.payee_account,
  bankCode: row.bank_code,
  amount: row.amount,
  reason: row.reason,
  parts: row.parts,
  voucherId: row.voucher_id,
  approvalRequestId: row.approval_request_id,
  recordedAt: row.recorded_at,
});

/** The register's SQL: append-only, one row per executed refund request. */
export const refundRepository = {
  async voucherNumberUsed(sql: Sql, authorityCode: string, refundVoucherNumber: string): Promise<boolean> {
    const [row] = await sql`select 1 from refunds.refunds where authority_code = ${authorityCode} and refund_voucher_number = ${refundVoucherNumber}`;
    return row !== undefined;
  },

  async append(tx: Tx, refund: NewRefund): Promise<string> {
    const [row] = await tx<{ id: string }[]>`
      insert into refunds.refunds
        (treasury_id, business_date, receipt_authority_code, receipt_message_id, export_plan_reference, authority_code, authority_kind,
         approval_document, approval_date, refund_voucher_number, application_reference, payee_name, payee_account, bank_code, amount,
         reason, parts, voucher_id, approval_request_id)
      values (${refund.treasuryId}, ${refund.businessDate}, ${refund.receipt?.authorityCode ?? null}, ${refund.receipt?.messageId ?? null},
              ${refund.exportPlanReference}, ${refund.authorityCode}, ${refund.authorityKind}, ${refund.approvalDocument}, ${refund.approvalDate},
              ${refund.refundVoucherNumber}, ${refund.applicationReference}, ${refund.payeeName}, ${refund.payeeAccount}, ${refund.bankCode},
              ${refund.amount}, ${refund.reason}, ${tx.json(refund.parts.map((part) => ({ ...part })))}, ${refund.voucherId}, ${refund.approvalRequestId})
      returning id`;
    return row!.id;
  },

  async byId(sql: Sql, id: string): Promise<RefundRecord | undefined> {
    const [row] = await sql.unsafe<RefundRow[]>(`select ${COLUMNS} from refunds.refunds where id = $1`, [id]);
    return row && recordOf(row);
  },

  async ofDay(sql: Sql, treasuryId: string, businessDate: BusinessDate): Promise<RefundRecord[]> {
    const rows = await sql.unsafe<RefundRow[]>(`select ${COLUMNS} from refunds.refunds where treasury_id = $1 and business_date = $2 order by id`, [treasuryId, businessDate]);
    return rows.map(recordOf);
  },
};
