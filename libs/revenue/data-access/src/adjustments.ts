import type { Database, Tx } from '@jinku/db';
import type { BusinessDate } from '@jinku/kernel';
import { FISCAL_LEVELS, type FiscalLevel } from '@jinku/ledger-domain';

type Sql = Database['sql'] | Tx;

/** A receipt by its collecting authority and message id. */
export interface ReceiptKey {
  readonly authorityCode: string;
  readonly messageId: string;
}

/**
 * A receipt's revenue as it stands on one line of the books: a level's money under one code and authority, in
 * the account the booking treasury holds it in, kept by `keeperTreasuryId`. A receipt starts as its parts;
 * refunds and corrections move it.
 */
export interface StandingPart {
  readonly authorityCode: string;
  readonly revenueCode: string;
  readonly level: FiscalLevel;
  readonly accountNumber: string;
  readonly keeperTreasuryId: string;
  /** Signed decimal text: negative on an adjustment that takes money back. */
  readonly amount: string;
}

/** What a refund or a correction did to the revenue of the treasury that booked it, recorded in its transaction. */
export interface RevenueAdjustment {
  readonly kind: 'refund' | 'correction';
  readonly treasuryId: string;
  readonly businessDate: BusinessDate;
  /** What made it, e.g. `approval-request:42`. */
  readonly reference: string;
  /** Null for an export refund by plan (R33(4)). */
  readonly receipt: ReceiptKey | null;
  readonly parts: readonly StandingPart[];
}

/** Refunds and corrections of one receipt take turns: each reads what is left after the one before committed. */
export async function lockReceipt(tx: Tx, receipt: ReceiptKey): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtextextended(${`revenue.receipt\u001f${receipt.authorityCode}\u001f${receipt.messageId}`}, 0))`;
}

/** Records an adjustment's non-zero parts; the reports and the remittance of its day take them in from then on. */
export async function recordAdjustment(tx: Tx, adjustment: RevenueAdjustment): Promise<void> {
  const rows = adjustment.parts
    .filter((part) => !/^-?0(\.0+)?$/.test(part.amount))
    .map((part) => ({
      treasury_id: adjustment.treasuryId,
      business_date: adjustment.businessDate,
      kind: adjustment.kind,
      reference: adjustment.reference,
      receipt_authority_code: adjustment.receipt?.authorityCode ?? null,
      receipt_message_id: adjustment.receipt?.messageId ?? null,
      authority_code: part.authorityCode,
      revenue_code: part.revenueCode,
      level: part.level,
      account_number: part.accountNumber,
      keeper_treasury_id: part.keeperTreasuryId,
      amount: part.amount,
    }));
  if (rows.length > 0) await tx`insert into revenue.adjustments ${tx(rows)}`;
}

/**
 * What a receipt holds now, line by line: its parts plus every refund and correction of it, summed per
 * authority, code, level, account and keeper; lines that came to nothing left out. Ordered from the top level.
 */
export function standingOf(sql: Sql, receipt: ReceiptKey): Promise<StandingPart[]> {
  return sql<StandingPart[]>`
    with moved as (
      select r.authority_code, r.revenue_code, p->>'level' as level, p->>'accountNumber' as account_number,
             p->>'treasuryId' as keeper_treasury_id, (p->>'amount')::numeric as amount
      from revenue.receipts r cross join lateral jsonb_array_elements(r.parts) p
      where r.authority_code = ${receipt.authorityCode} and r.message_id = ${receipt.messageId}
      union all
      select authority_code, revenue_code, level, account_number, keeper_treasury_id, amount
      from revenue.adjustments
      where receipt_authority_code = ${receipt.authorityCode} and receipt_message_id = ${receipt.messageId}
    )
    select authority_code as "authorityCode", revenue_code as "revenueCode", level, account_number as "accountNumber",
           keeper_treasury_id as "keeperTreasuryId", sum(amount)::text as amount
    from moved group by 1, 2, 3, 4, 5 having sum(amount) <> 0
    order by array_position(${[...FISCAL_LEVELS]}::text[], level), 2, 4`;
}
