import type { Tx } from '@jinku/db';

/**
 * Matches a statement's two sides in three set-based statements and records every difference (R56–R58):
 *  1. lines of the same reference and level on both sides: amount, then date, then code compared;
 *  2. what is left on both sides, paired by reference and amount: booked under another code or level;
 *  3. what is still left: missing on one side.
 * The treasury's side is authoritative (R56): the kinds are said from its point of view; its latest generation is
 * the one matched. Returns the run.
 */
export async function matchStatement(tx: Tx, statementId: string): Promise<{ runId: string; treasuryLines: number; counterpartyLines: number; differences: number }> {
  const [latest] = await tx<{ generation: number }[]>`
    select coalesce(max(generation), 1) as generation from reconciliation.lines where statement_id = ${statementId} and side = 'treasury'`;
  const generation = latest!.generation;
  const [counts] = await tx<{ treasury: number; counterparty: number }[]>`
    select count(*) filter (where side = 'treasury')::int as treasury, count(*) filter (where side = 'counterparty')::int as counterparty
    from reconciliation.lines where statement_id = ${statementId} and (side = 'counterparty' or generation = ${generation})`;
  const [run] = await tx<{ id: string }[]>`
    insert into reconciliation.match_runs (statement_id, treasury_lines, counterparty_lines)
    values (${statementId}, ${counts!.treasury}, ${counts!.counterparty}) returning id`;
  const runId = run!.id;
  const [found] = await tx<{ n: number }[]>`
    with t as (
      select reference, level, code, amount, date, row_number() over (partition by reference, level order by amount, date, code) as n
      from reconciliation.lines where statement_id = ${statementId} and side = 'treasury' and generation = ${generation}
    ), c as (
      select reference, level, code, amount, date, row_number() over (partition by reference, level order by amount, date, code) as n
      from reconciliation.lines where statement_id = ${statementId} and side = 'counterparty'
    ), paired as (
      select coalesce(t.reference, c.reference) as reference, t.level as t_level, t.code as t_code, t.amount as t_amount, t.date as t_date,
             c.level as c_level, c.code as c_code, c.amount as c_amount, c.date as c_date
      from t full join c on c.reference = t.reference and c.level = t.level and c.n = t.n
    ), differing as (
      select case when t_amount <> c_amount then 'amount_differs' when t_date <> c_date then 'date_differs' else 'code_or_level_differs' end as kind, *
      from paired where t_level is not null and c_level is not null and (t_amount, t_date, t_code) is distinct from (c_amount, c_date, c_code)
    ), left_t as (
      select reference, t_level, t_code, t_amount, t_date, row_number() over (partition by reference, t_amount order by t_level, t_code, t_date) as n
      from paired where c_level is null
    ), left_c as (
      select reference, c_level, c_code, c_amount, c_date, row_number() over (partition by reference, c_amount order by c_level, c_code, c_date) as n
      from paired where t_level is null
    ), repaired as (
      select coalesce(t.reference, c.reference) as reference, t_level, t_code, t_amount, t_date, c_level, c_code, c_amount, c_date
      from left_t t full join left_c c on c.reference = t.reference and c.c_amount = t.t_amount and c.n = t.n
    ), inserted as (
      insert into reconciliation.differences
        (run_id, kind, reference, treasury_level, treasury_code, treasury_amount, treasury_date, counterparty_level, counterparty_code, counterparty_amount, counterparty_date)
      select ${runId}::bigint, kind, reference, t_level, t_code, t_amount, t_date, c_level, c_code, c_amount, c_date from differing
      union all
      select ${runId}::bigint,
             case when c_level is null then 'missing_at_counterparty' when t_level is null then 'missing_at_treasury' else 'code_or_level_differs' end,
             reference, t_level, t_code, t_amount, t_date, c_level, c_code, c_amount, c_date
      from repaired
      returning 1
    )
    select count(*)::int as n from inserted`;
  return { runId, treasuryLines: counts!.treasury, counterpartyLines: counts!.counterparty, differences: found!.n };
}
