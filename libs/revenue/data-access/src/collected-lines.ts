import type { Database } from '@jinku/db';
import type { BusinessDate } from '@jinku/kernel';

/** One item of revenue as a reconciliation statement lists it: a receipt's part, or a refund's or correction's. */
export interface CollectedLine {
  readonly reference: string;
  readonly level: string;
  readonly code: string;
  readonly amount: string;
  readonly date: BusinessDate;
}

/**
 * What one collecting authority collected directly into a treasury over [from, to] (R57(1)), item by item: each
 * receipt's non-zero parts under its message id, and each refund or correction of them (包括预算收入退付) under
 * `adj:<id>`, dated the business day booked (R56: the treasury's dates are authoritative).
 */
export function collectedLinesOf(database: Database, treasuryId: string, authorityCode: string, from: BusinessDate, to: BusinessDate): Promise<CollectedLine[]> {
  return database.sql<CollectedLine[]>`
    select r.message_id as reference, p->>'level' as level, r.revenue_code as code, p->>'amount' as amount, r.business_date::text as date
    from revenue.receipts r cross join lateral jsonb_array_elements(r.parts) p
    where r.treasury_id = ${treasuryId} and r.authority_code = ${authorityCode} and r.business_date between ${from} and ${to}
      and (p->>'amount')::numeric <> 0
    union all
    select 'adj:' || a.id, a.level, a.revenue_code, a.amount::text, a.business_date::text
    from revenue.adjustments a
    where a.treasury_id = ${treasuryId} and a.authority_code = ${authorityCode} and a.business_date between ${from} and ${to}
    order by 1, 2`;
}

/**
 * R57(2): a treasury's revenue over [from, to] per level and code — receipts' parts plus refunds and corrections —
 * as a statement with the finance bureau lists it (`revenue/<level>/<code>`), dated the period's last day.
 */
export function levelCodeLinesOf(database: Database, treasuryId: string, from: BusinessDate, to: BusinessDate): Promise<CollectedLine[]> {
  return database.sql<CollectedLine[]>`
    with moved as (
      select p->>'level' as level, r.revenue_code as code, (p->>'amount')::numeric as amount
      from revenue.receipts r cross join lateral jsonb_array_elements(r.parts) p
      where r.treasury_id = ${treasuryId} and r.business_date between ${from} and ${to}
      union all
      select level, revenue_code, amount from revenue.adjustments where treasury_id = ${treasuryId} and business_date between ${from} and ${to}
    )
    select 'revenue/' || level || '/' || code as reference, level, code, sum(amount)::text as amount, ${to}::text as date
    from moved group by level, code having sum(amount) <> 0 order by 1`;
}
