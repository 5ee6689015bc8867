import type { Database, Tx } from '@jinku/db';
import type { PaymentLine } from '@jinku/disbursement-domain';
import type { BusinessDate } from '@jinku/kernel';

type Sql = Database['sql'] | Tx;

/** A payment made, as the register holds it; amounts and dates as text, exactly as stored. */
export interface PaymentRecord {
  readonly id: string;
  readonly treasuryId: string;
  readonly kind: string;
  readonly bureauCode: string;
  readonly agencyBankCode: string;
  readonly voucherNumber: string;
  readonly voucherDate: BusinessDate;
  readonly payeeName: string;
  readonly payeeAccount: string;
  readonly bankCode: string;
  readonly payeeKind: string;
  readonly amount: string;
  readonly lines: readonly PaymentLine[];
  readonly accountNumber: string;
  readonly voucherId: string;
  readonly approvalRequestId: string;
  readonly receivedOn: BusinessDate;
  readonly businessDate: BusinessDate;
  readonly recordedAt: Date;
}

export type NewPayment = Omit<PaymentRecord, 'id' | 'recordedAt'>;

/** Dates and amounts as text: the driver would make dates Dates at midnight UTC. */
const COLUMNS = `id, treasury_id as "treasuryId", kind, bureau_code as "bureauCode", agency_bank_code as "agencyBankCode",
  voucher_number as "voucherNumber", voucher_date::text as "voucherDate", payee_name as "payeeName", payee_account as "payeeAccount",
  bank_code as "bankCode", payee_kind as "payeeKind", amount::text as amount, lines, account_number as "accountNumber",
  voucher_id as "voucherId", approval_request_id as "approvalRequestId", received_on::text as "receivedOn",
  business_date::text as "businessDate", recorded_at as "recordedAt"`;

/** The register's SQL: append-only, one row per executed payment request. */
export const paymentRepository = {
  async voucherPaid(sql: Sql, kind: string, bureauCode: string, agencyBankCode: string, voucherNumber: string): Promise<boolean> {
    const [row] = await sql`
      select 1 from disbursement.payments
      where kind = ${kind} and bureau_code = ${bureauCode} and agency_bank_code = ${agencyBankCode} and voucher_number = ${voucherNumber}`;
    return row !== undefined;
  },

  async append(tx: Tx, payment: NewPayment): Promise<string> {
    const [row] = await tx<{ id: string }[]>`
      insert into disbursement.payments
        (treasury_id, kind, bureau_code, agency_bank_code, voucher_number, voucher_date, payee_name, payee_account, bank_code, payee_kind,
         amount, lines, account_number, voucher_id, approval_request_id, received_on, business_date)
      values (${payment.treasuryId}, ${payment.kind}, ${payment.bureauCode}, ${payment.agencyBankCode}, ${payment.voucherNumber},
              ${payment.voucherDate}, ${payment.payeeName}, ${payment.payeeAccount}, ${payment.bankCode}, ${payment.payeeKind},
              ${payment.amount}, ${tx.json(payment.lines.map((line) => ({ ...line })))}, ${payment.accountNumber}, ${payment.voucherId},
              ${payment.approvalRequestId}, ${payment.receivedOn}, ${payment.businessDate})
      returning id`;
    return row!.id;
  },

  /** Two returns of one payment approved at once take turns: the second finds the first. */
  async lockReturn(tx: Tx, paymentId: string): Promise<void> {
    await tx`select pg_advisory_xact_lock(hashtextextended(${`disbursement.return\u001f${paymentId}`}, 0))`;
  },

  async returned(sql: Sql, paymentId: string): Promise<boolean> {
    return (await paymentRepository.returnedAmong(sql, [paymentId])).has(paymentId);
  },

  /** Which of the payments were put back after a return. */
  async returnedAmong(sql: Sql, paymentIds: readonly string[]): Promise<Set<string>> {
    if (paymentIds.length === 0) return new Set();
    const rows = await sql<{ payment_id: string }[]>`select payment_id from disbursement.payment_returns where payment_id = any(${paymentIds}::bigint[])`;
    return new Set(rows.map((row) => row.payment_id));
  },

  /** A returned payment (退汇) put back on the books, with the voucher that did it. */
  async appendReturn(tx: Tx, back: { paymentId: string; treasuryId: string; reason: string; amount: string; voucherId: string; approvalRequestId: string; businessDate: BusinessDate }): Promise<string> {
    const [row] = await tx<{ id: string }[]>`
      insert into disbursement.payment_returns (payment_id, treasury_id, reason, amount, voucher_id, approval_request_id, business_date)
      values (${back.paymentId}, ${back.treasuryId}, ${back.reason}, ${back.amount}, ${back.voucherId}, ${back.approvalRequestId}, ${back.businessDate})
      returning id`;
    return row!.id;
  },

  async byId(sql: Sql, id: string): Promise<PaymentRecord | undefined> {
    const [row] = await sql.unsafe<PaymentRecord[]>(`select ${COLUMNS} from disbursement.payments where id = $1`, [id]);
    return row;
  },

  async ofDay(sql: Sql, treasuryId: string, businessDate: BusinessDate): Promise<PaymentRecord[]> {
    return sql.unsafe<PaymentRecord[]>(`select ${COLUMNS} from disbursement.payments where treasury_id = $1 and business_date = $2 order by id`, [treasuryId, businessDate]);
  },
};
