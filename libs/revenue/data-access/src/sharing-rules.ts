import type { ActionDefinition } from '@jinku/approvals';
import type { Database, Tx } from '@jinku/db';
import { failedPrecondition, type BusinessDate } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import { parseSharingRule, type SharingRule } from '@jinku/revenue-domain';

type Sql = Database['sql'] | Tx;

/** A rule as recorded: its id and the request that approved it. */
export interface RecordedSharingRule extends SharingRule {
  readonly id: string;
  readonly jurisdictionId: string;
  readonly approvalRequestId: string;
  readonly recordedAt: Date;
}

interface RuleRow {
  id: string;
  jurisdiction_id: string;
  revenue_code: string;
  region: string | null;
  effective_from: string;
  shares: { level: string; percent: string }[];
  approval_request_id: string;
  recorded_at: Date;
}

/** Dates as text: the driver would make them Dates at midnight UTC. */
const RULE_COLUMNS = 'id, jurisdiction_id, revenue_code, region, effective_from::text as effective_from, shares, approval_request_id, recorded_at';

const recorded = (row: RuleRow): RecordedSharingRule => ({
  ...parseSharingRule({ revenueCode: row.revenue_code, region: row.region ?? '', effectiveFrom: row.effective_from, shares: row.shares }),
  id: row.id,
  jurisdictionId: row.jurisdiction_id,
  approvalRequestId: row.approval_request_id,
  recordedAt: row.recorded_at,
});

/** The sharing parameters' table: every version, never rewritten. */
export const sharingRuleRepository = {
  /**
   * A jurisdiction's rules, one per code, region and date: of several versions for the same key the
   * latest recorded, which corrects the earlier ones.
   */
  async inForce(sql: Sql, jurisdictionId: string): Promise<RecordedSharingRule[]> {
    const rows = await sql<RuleRow[]>`
      select distinct on (revenue_code, coalesce(region, ''), effective_from) ${sql.unsafe(RULE_COLUMNS)}
      from revenue.sharing_rules where jurisdiction_id = ${jurisdictionId}
      order by revenue_code, coalesce(region, ''), effective_from, id desc`;
    return rows.map(recorded);
  },

  async all(sql: Sql, jurisdictionId: string): Promise<RecordedSharingRule[]> {
    const rows = await sql<RuleRow[]>`select ${sql.unsafe(RULE_COLUMNS)} from revenue.sharing_rules where jurisdiction_id = ${jurisdictionId} order by revenue_code, region nulls first, effective_from, id`;
    return rows.map(recorded);
  },

  async append(tx: Tx, jurisdictionId: string, rule: SharingRule, approvalRequestId: string): Promise<string> {
    const shares = rule.shares.map((share) => ({ level: share.level, percent: share.percent.toString() }));
    const [row] = await tx<{ id: string }[]>`
      insert into revenue.sharing_rules (jurisdiction_id, revenue_code, region, effective_from, shares, approval_request_id)
      values (${jurisdictionId}, ${rule.revenueCode}, ${rule.region}, ${rule.effectiveFrom}, ${tx.json(shares)}, ${approvalRequestId})
      returning id`;
    return row!.id;
  },
};

function ruleOf(payload: unknown): SharingRule {
  const record = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const shares = Array.isArray(record['shares']) ? (record['shares'] as unknown[]) : [];
  return parseSharingRule({
    revenueCode: String(record['revenueCode'] ?? ''),
    region: String(record['region'] ?? ''),
    effectiveFrom: String(record['effectiveFrom'] ?? ''),
    shares: shares.map((share) => {
      const item = (typeof share === 'object' && share !== null ? share : {}) as Record<string, unknown>;
      return { level: String(item['level'] ?? ''), percent: String(item['percent'] ?? '') };
    }),
  });
}

/**
 * Receipts already divided stay divided: a rule takes effect on the jurisdiction's open business day at the
 * earliest, never on a day whose receipts the books already hold.
 */
function assertNotPast(rule: SharingRule, openDay: BusinessDate): SharingRule {
  if (rule.effectiveFrom < openDay) {
    throw failedPrecondition('SHARING_RULE_IN_THE_PAST', `a sharing rule takes effect from the open business day (${openDay}) on, not ${rule.effectiveFrom}: receipts already divided stay as they are`);
  }
  return rule;
}

/**
 * A sharing parameter of the branch's whole jurisdiction (R19(1), R31): entered by the branch's system
 * admin (the permission reaches the branch itself only, so the request's treasury is the jurisdiction),
 * reviewed, approved by the accounting supervisor; only then is the version recorded. Receipts collected
 * from its effective date on are divided by it.
 */
export function sharingRuleChangeAction(ledger: Ledger): ActionDefinition<SharingRule> {
  const openDay = async (jurisdictionId: string) => (await ledger.days.current(jurisdictionId)).date;
  return {
    policy: { kind: 'sharing_rule_change', permission: 'sharing.change' },
    parse: async (payload, jurisdictionId) => assertNotPast(ruleOf(payload), await openDay(jurisdictionId)),
    targetOf: (rule) => `sharing-rule:${rule.revenueCode}:${rule.region ?? '*'}:${rule.effectiveFrom}`,
    amountOf: () => null,
    keyElementsOf: () => null,
    important: () => true,
    async execute(tx, rule, context) {
      const id = await sharingRuleRepository.append(tx, context.treasuryId, assertNotPast(rule, await openDay(context.treasuryId)), context.requestId);
      return { ruleId: id, revenueCode: rule.revenueCode, effectiveFrom: rule.effectiveFrom };
    },
  };
}
