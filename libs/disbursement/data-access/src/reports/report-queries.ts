import type { Database } from '@jinku/db';
import type { BusinessDate } from '@jinku/kernel';

/** One group of a period's payments: by function code, by economic code, or by paying bureau; returns netted. */
export interface ExpenditureFigure {
  readonly section: 'function' | 'economic' | 'bureau';
  readonly key: string;
  readonly amount: string;
}

/**
 * The expenditure report's figures in one set-based statement (支出日报): the lines of the payments made in
 * [from, to], less those of the payments returned (退汇) in it, summed by function code, economic code and bureau.
 */
export function expenditureFigures(database: Database, treasuryId: string, from: BusinessDate, to: BusinessDate): Promise<ExpenditureFigure[]> {
  return database.sql<ExpenditureFigure[]>`
    with moved as (
      select p.bureau_code, l->>'functionCode' as function_code, l->>'economicCode' as economic_code, (l->>'amount')::numeric as amount
      from disbursement.payments p cross join lateral jsonb_array_elements(p.lines) l
      where p.treasury_id = ${treasuryId} and p.business_date between ${from} and ${to}
      union all
      select p.bureau_code, l->>'functionCode', l->>'economicCode', -(l->>'amount')::numeric
      from disbursement.payment_returns r join disbursement.payments p on p.id = r.payment_id cross join lateral jsonb_array_elements(p.lines) l
      where r.treasury_id = ${treasuryId} and r.business_date between ${from} and ${to}
    )
    select 'function' as section, function_code as key, sum(amount)::text as amount from moved group by function_code
    union all
    select 'economic', economic_code, sum(amount)::text from moved group by economic_code
    union all
    select 'bureau', bureau_code, sum(amount)::text from moved group by bureau_code`;
}
