import type { Database, Tx } from '@jinku/db';
import { keysFor, type BudgetKey, type LimitKind } from '@jinku/disbursement-domain';
import { parseAmount, type Amount } from '@jinku/kernel';

type Sql = Database['sql'] | Tx;

/** Whose plan or quota: the bureau's plan for a year, or a bank's quota for a budget unit under the bureau. */
export interface LimitScope {
  readonly kind: LimitKind;
  readonly bureauCode: string;
  readonly year: number;
  /** '' for a plan. */
  readonly agencyBankCode: string;
  readonly budgetUnitCode: string;
}

export interface PlanLineRow {
  readonly treasury_id: string;
  readonly bureau_code: string;
  readonly year: number;
  readonly kind: string;
  readonly document: string;
  readonly function_code: string;
  readonly economic_code: string;
  readonly amount: string;
  readonly sent_by: string;
}

export interface QuotaRow {
  readonly treasury_id: string;
  readonly bureau_code: string;
  readonly agency_bank_code: string;
  readonly budget_unit_code: string;
  readonly year: number;
  readonly document: string;
  readonly function_code: string;
  readonly economic_code: string;
  readonly amount: string;
  readonly sent_by: string;
}

/** The limit a payment line draws on: the most specific key with lines, its total and what was used of it. */
export interface Limit {
  readonly key: BudgetKey | undefined;
  readonly total: Amount | undefined;
  readonly used: Amount;
}

const lockKey = (scope: LimitScope, key: BudgetKey) =>
  ['disbursement', scope.kind, scope.bureauCode, scope.agencyBankCode, scope.budgetUnitCode, scope.year, key.functionCode, key.economicCode].join('\u001f');

/** The SQL of plans, quotas and their usage; every figure summed by PostgreSQL, exactly. */
export const budgetRepository = {
  /** A document's lines; a document sent again adds nothing. Returns how many lines were new. */
  async addPlanLines(tx: Tx, rows: readonly PlanLineRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    return (await tx`insert into disbursement.plan_lines ${tx(rows.map((row) => ({ ...row })))} on conflict do nothing`).count;
  },

  async addQuotas(tx: Tx, rows: readonly QuotaRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    return (await tx`insert into disbursement.quotas ${tx(rows.map((row) => ({ ...row })))} on conflict do nothing`).count;
  },

  /** Serializes the payments drawing on one key for the rest of the transaction: the usage is read after. */
  async lock(tx: Tx, scope: LimitScope, key: BudgetKey): Promise<void> {
    await tx`select pg_advisory_xact_lock(hashtextextended(${lockKey(scope, key)}, 0))`;
  },

  /** The limit for a payment line under (functionCode, economicCode): the most specific key the scope has lines for. */
  async limitFor(sql: Sql, scope: LimitScope, functionCode: string, economicCode: string): Promise<Limit> {
    const candidates = keysFor(functionCode, economicCode);
    const functions = candidates.map((key) => key.functionCode);
    const economics = candidates.map((key) => key.economicCode);
    const totals =
      scope.kind === 'plan'
        ? await sql<{ function_code: string; economic_code: string; total: string }[]>`
            select function_code, economic_code, sum(amount)::text as total from disbursement.plan_lines
            where bureau_code = ${scope.bureauCode} and year = ${scope.year}
              and (function_code, economic_code) in (select * from unnest(${functions}::text[], ${economics}::text[]))
            group by 1, 2`
        : await sql<{ function_code: string; economic_code: string; total: string }[]>`
            select function_code, economic_code, sum(amount)::text as total from disbursement.quotas
            where bureau_code = ${scope.bureauCode} and agency_bank_code = ${scope.agencyBankCode} and budget_unit_code = ${scope.budgetUnitCode}
              and year = ${scope.year}
              and (function_code, economic_code) in (select * from unnest(${functions}::text[], ${economics}::text[]))
            group by 1, 2`;
    const key = candidates.find((c) => totals.some((t) => t.function_code === c.functionCode && t.economic_code === c.economicCode));
    if (!key) return { key: undefined, total: undefined, used: parseAmount('0') };
    const total = totals.find((t) => t.function_code === key.functionCode && t.economic_code === key.economicCode)!.total;
    const [used] = await sql<{ used: string }[]>`
      select coalesce(sum(amount), 0)::text as used from disbursement.usages
      where limit_kind = ${scope.kind} and bureau_code = ${scope.bureauCode} and agency_bank_code = ${scope.agencyBankCode}
        and budget_unit_code = ${scope.budgetUnitCode} and year = ${scope.year}
        and function_code = ${key.functionCode} and economic_code = ${key.economicCode}`;
    return { key, total: parseAmount(total), used: parseAmount(used!.used) };
  },

  /** What a payment drew, per scope and key: what its return gives back. */
  async usagesOf(sql: Sql, paymentId: string): Promise<{ scope: LimitScope; key: BudgetKey; amount: string }[]> {
    const rows = await sql<{ limit_kind: LimitScope['kind']; bureau_code: string; agency_bank_code: string; budget_unit_code: string; year: number; function_code: string; economic_code: string; amount: string }[]>`
      select limit_kind, bureau_code, agency_bank_code, budget_unit_code, year, function_code, economic_code, sum(amount)::text as amount
      from disbursement.usages where payment_id = ${paymentId} group by 1, 2, 3, 4, 5, 6, 7 having sum(amount) <> 0`;
    return rows.map((row) => ({
      scope: { kind: row.limit_kind, bureauCode: row.bureau_code, agencyBankCode: row.agency_bank_code, budgetUnitCode: row.budget_unit_code, year: row.year },
      key: { functionCode: row.function_code, economicCode: row.economic_code },
      amount: row.amount,
    }));
  },

  async addUsages(tx: Tx, paymentId: string, usages: readonly { scope: LimitScope; key: BudgetKey; amount: string }[]): Promise<void> {
    if (usages.length === 0) return;
    await tx`insert into disbursement.usages ${tx(
      usages.map(({ scope, key, amount }) => ({
        payment_id: paymentId,
        limit_kind: scope.kind,
        bureau_code: scope.bureauCode,
        agency_bank_code: scope.agencyBankCode,
        budget_unit_code: scope.budgetUnitCode,
        year: scope.year,
        function_code: key.functionCode,
        economic_code: key.economicCode,
        amount,
      })),
    )}`;
  },
};
