import type { Database } from '@jinku/db';
import type { BusinessDate } from '@jinku/kernel';

/** One line of an agency bank's quota statement (财政零余额额度对账单): a budget unit's use under a function and economic code. */
export interface QuotaUseLine {
  /** `<budget unit>/<function code>/<economic code>`: what the bank and the treasury both book it under. */
  readonly reference: string;
  readonly level: string;
  readonly code: string;
  readonly amount: string;
  readonly date: BusinessDate;
}

/**
 * R57(3): what an agency bank's clearings drew on its quotas over [from, to], per budget unit and codes, net of
 * returned payments, dated the period's last day — the treasury's side of the monthly quota statement.
 */
export function quotaUseLinesOf(database: Database, treasuryId: string, agencyBankCode: string, from: BusinessDate, to: BusinessDate): Promise<QuotaUseLine[]> {
  return database.sql<QuotaUseLine[]>`
    with used as (
      -- A payment's use is dated by the payment's business day, a return's give-back by the return's.
      select u.budget_unit_code, u.function_code, u.economic_code, u.amount,
             case when u.amount < 0 then r.business_date else p.business_date end as day
      from disbursement.usages u
      join disbursement.payments p on p.id = u.payment_id
      left join disbursement.payment_returns r on r.payment_id = u.payment_id
      where u.limit_kind = 'quota' and u.agency_bank_code = ${agencyBankCode} and p.treasury_id = ${treasuryId}
    )
    select budget_unit_code || '/' || function_code || '/' || coalesce(nullif(economic_code, ''), '*') as reference,
           'quota' as level, function_code as code, sum(amount)::text as amount, ${to}::text as date
    from used where day between ${from} and ${to}
    group by budget_unit_code, function_code, economic_code having sum(amount) <> 0
    order by 1`;
}
