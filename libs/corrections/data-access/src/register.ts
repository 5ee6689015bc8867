import type { Database, Tx } from '@jinku/db';
import type { BusinessDate } from '@jinku/kernel';
import type { FiscalLevel } from '@jinku/ledger-domain';

type Sql = Database['sql'] | Tx;

/** One level's money a correction moved: taken back (red) from where it stood, or posted (blue) where it belongs. */
export interface MovedPart {
  readonly level: FiscalLevel;
  /** Positive decimal text: the red part's amount is taken back, the blue part's posted. */
  readonly amount: string;
  readonly revenueCode: string;
  /** The account at the booking treasury: the level's own, or the inter-treasury account. */
  readonly accountNumber: string;
  /** The treasury that keeps the level. */
  readonly treasuryId: string;
}

/** One receipt's correction as made: what the notice said, what moved, and the red and blue vouchers. */
export interface CorrectedItem {
  readonly receipt: { readonly authorityCode: string; readonly messageId: string };
  readonly fromRevenueCode: string;
  readonly amount: string;
  readonly revenueCode: string;
  readonly designation: string;
  readonly region: string;
  readonly red: readonly MovedPart[];
  readonly blue: readonly MovedPart[];
  readonly redVoucherId: string;
  readonly blueVoucherId: string;
}

/** A correction made, as the register holds it; amounts and dates as text, exactly as stored. */
export interface CorrectionRecord {
  readonly id: string;
  readonly treasuryId: string;
  readonly businessDate: BusinessDate;
  readonly kind: string;
  readonly origin: string;
  readonly authorityCode: string;
  readonly authorityKind: string;
  readonly noticeNumber: string;
  readonly noticeDate: BusinessDate;
  readonly reason: string;
  readonly documents: readonly { readonly kind: string; readonly reference: string }[];
  readonly total: string;
  readonly items: readonly CorrectedItem[];
  readonly approvalRequestId: string;
  readonly recordedAt: Date;
}

export type NewCorrection = Omit<CorrectionRecord, 'id' | 'recordedAt'>;

/** Dates and amounts as text: the driver would make dates Dates at midnight UTC. */
const COLUMNS = `id, treasury_id as "treasuryId", business_date::text as "businessDate", kind, origin, authority_code as "authorityCode",
  authority_kind as "authorityKind", notice_number as "noticeNumber", notice_date::text as "noticeDate", reason, documents,
  total::text as total, items, approval_request_id as "approvalRequestId", recorded_at as "recordedAt"`;

/** The register's SQL: append-only, one row per executed correction request. */
export const correctionRepository = {
  async noticeUsed(sql: Sql, authorityCode: string, noticeNumber: string): Promise<boolean> {
    const [row] = await sql`select 1 from corrections.corrections where authority_code = ${authorityCode} and notice_number = ${noticeNumber}`;
    return row !== undefined;
  },

  async append(tx: Tx, correction: NewCorrection): Promise<string> {
    const [row] = await tx<{ id: string }[]>`
      insert into corrections.corrections
        (treasury_id, business_date, kind, origin, authority_code, authority_kind, notice_number, notice_date, reason, documents, total, items, approval_request_id)
      values (${correction.treasuryId}, ${correction.businessDate}, ${correction.kind}, ${correction.origin}, ${correction.authorityCode},
              ${correction.authorityKind}, ${correction.noticeNumber}, ${correction.noticeDate}, ${correction.reason},
              ${tx.json(correction.documents.map((d) => ({ ...d })))}, ${correction.total}, ${tx.json(JSON.parse(JSON.stringify(correction.items)))},
              ${correction.approvalRequestId})
      returning id`;
    return row!.id;
  },

  async byId(sql: Sql, id: string): Promise<CorrectionRecord | undefined> {
    const [row] = await sql.unsafe<CorrectionRecord[]>(`select ${COLUMNS} from corrections.corrections where id = $1`, [id]);
    return row;
  },

  async ofDay(sql: Sql, treasuryId: string, businessDate: BusinessDate): Promise<CorrectionRecord[]> {
    return sql.unsafe<CorrectionRecord[]>(`select ${COLUMNS} from corrections.corrections where treasury_id = $1 and business_date = $2 order by id`, [treasuryId, businessDate]);
  },
};
