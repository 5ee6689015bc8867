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
 * What one collecting authority collected directly into a treasury over [from, to] (R57(1)), item by item, as the
 * books stand now: each receipt of the period under its message id, per level and code, its parts together with
 * every correction of it made since (a reallocation shows under the code or level it was moved to; a fully moved
 * part disappears), so a difference the correction route put right matches once the statement's treasury side is
 * taken again; and each refund booked in the period (包括预算收入退付) under `adj:<id>`. Dated the receipt's or the
 * refund's business day (R56: the treasury's dates are authoritative).
 */
export function collectedLinesOf(database: Database, treasuryId: string, authorityCode: string, from: BusinessDate, to: BusinessDate): Promise<CollectedLine[]> {
  return database.sql<CollectedLine[]>`
    with receipts as (
      select message_id, revenue_code, parts, business_date from revenue.receipts
      where treasury_id = ${treasuryId} and authority_code = ${authorityCode} and business_date between ${from} and ${to}
    ), items as (
      select r.message_id as reference, p->>'level' as level, r.revenue_code as code, (p->>'amount')::numeric as amount, r.business_date as date
      from receipts r cross join lateral jsonb_array_elements(r.parts) p
      union all
      select r.message_id, a.level, a.revenue_code, a.amount, r.business_date
      from receipts r join revenue.adjustments a on a.receipt_authority_code = ${authorityCode} and a.receipt_message_id = r.message_id
      where a.kind = 'correction'
    )
    select reference, level, code, sum(amount)::text as amount, date::text as date
    from items group by reference, level, code, date having sum(amount) <> 0
    union all
    select 'adj:' || a.id, a.level, a.revenue_code, a.amount::text, a.business_date::text
    from revenue.adjustments a
    where a.kind = 'refund' and a.treasury_id = ${treasuryId} and a.authority_code = ${authorityCode} and a.business_date between ${from} and ${to}
    order by 1, 2, 3`;
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

/**
 * R57(1): a year's statement with a collecting authority also checks the whole jurisdiction's total — what the
 * authority and the bureaus under it collected into `treasuryIds` (the treasury and those it oversees), per level and
 * code (`jurisdiction/<level>/<code>`), dated the period's last day. Collecting-authority codes are hierarchical (the
 * tax bureau 14403000000 over the district bureau 14403040000): the bureaus under one share its code without its
 * trailing zeros.
 */
export function jurisdictionTotalsOf(database: Database, treasuryIds: readonly string[], authorityCode: string, from: BusinessDate, to: BusinessDate): Promise<CollectedLine[]> {
  const prefix = authorityCode.replace(/0+$/, '') || authorityCode;
  return database.sql<CollectedLine[]>`
    with moved as (
      select p->>'level' as level, r.revenue_code as code, (p->>'amount')::numeric as amount
      from revenue.receipts r cross join lateral jsonb_array_elements(r.parts) p
      where r.treasury_id = any(${treasuryIds}::text[]) and left(r.authority_code, ${prefix.length}) = ${prefix} and r.business_date between ${from} and ${to}
      union all
      select level, revenue_code, amount from revenue.adjustments
      where treasury_id = any(${treasuryIds}::text[]) and left(authority_code, ${prefix.length}) = ${prefix} and business_date between ${from} and ${to}
    )
    select 'jurisdiction/' || level || '/' || code as reference, level, code, sum(amount)::text as amount, ${to}::text as date
    from moved group by level, code having sum(amount) <> 0 order by 1`;
}
