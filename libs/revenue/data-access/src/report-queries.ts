import type { Database } from '@jinku/db';
import type { BusinessDate } from '@jinku/kernel';

/** One group of a period's receipts: a level's parts of one code, or of one collecting authority, or the total. */
export interface ReportFigureRow {
  readonly section: 'code' | 'authority' | 'total';
  /** Null on the total. */
  readonly level: string | null;
  /** The revenue code (`code`), the authority code (`authority`), null on the total. */
  readonly key: string | null;
  /** Exact decimal text, as PostgreSQL summed it. */
  readonly amount: string;
  readonly receipts: number;
}

/**
 * The figures of a treasury's revenue report in one set-based statement over the register: the receipts
 * booked at the treasury with a business date in [firstDay, lastDay] (index receipts_by_day), each receipt's
 * parts unnested with jsonb_array_elements and summed per level and code and per authority and level;
 * with the refunds and corrections posted in the period (signed: a refund takes back, a correction moves
 * revenue between codes and levels; earlier periods' figures stay as they were, R42). The total is the sum
 * of all of it; `receipts` counts the rows summed, the total's the receipts booked. A part of 0.00 (a share
 * too small for the fen) is left out, as the voucher leaves it out. NUMERIC sums are exact; the text goes out as is.
 */
export async function reportFigures(database: Database, treasuryId: string, firstDay: BusinessDate, lastDay: BusinessDate): Promise<ReportFigureRow[]> {
  return database.sql<ReportFigureRow[]>`
    with booked as (
      select authority_code, revenue_code, amount, parts
      from revenue.receipts
      where treasury_id = ${treasuryId} and business_date between ${firstDay} and ${lastDay}
    ), parts as (
      select b.authority_code, b.revenue_code, p->>'level' as level, (p->>'amount')::numeric as amount
      from booked b cross join lateral jsonb_array_elements(b.parts) p
      where (p->>'amount')::numeric <> 0
      union all
      select authority_code, revenue_code, level, amount
      from revenue.adjustments
      where treasury_id = ${treasuryId} and business_date between ${firstDay} and ${lastDay}
    )
    select 'code' as section, level, revenue_code as key, sum(amount)::text as amount, count(*)::int as receipts
    from parts group by level, revenue_code
    union all
    select 'authority', level, authority_code, sum(amount)::text, count(*)::int
    from parts group by level, authority_code
    union all
    select 'total', null, null, coalesce(sum(amount), 0.00)::text, (select count(*)::int from booked)
    from parts`;
}
