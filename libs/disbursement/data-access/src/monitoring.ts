import { payloadRecord, payloadText, type ActionDefinition } from '@jinku/approvals';
import type { Database, Tx } from '@jinku/db';
import { checkMonitoringRule, rulesInForce, type MonitoringRule } from '@jinku/disbursement-domain';
import { failedPrecondition, type BusinessDate } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';

type Sql = Database['sql'] | Tx;

/** The SQL of the monitoring rules: every version, in the order recorded. */
export const monitoringRepository = {
  async all(sql: Sql, jurisdictionId: string): Promise<MonitoringRule[]> {
    return sql<MonitoringRule[]>`
      select kind, value, active, effective_from::text as "effectiveFrom" from disbursement.monitoring_rules
      where jurisdiction_id = ${jurisdictionId} order by id`;
  },

  async inForce(sql: Sql, jurisdictionId: string, date: BusinessDate): Promise<MonitoringRule[]> {
    return rulesInForce(await monitoringRepository.all(sql, jurisdictionId), date);
  },

  async append(tx: Tx, jurisdictionId: string, rule: MonitoringRule, approvalRequestId: string): Promise<void> {
    await tx`
      insert into disbursement.monitoring_rules (jurisdiction_id, kind, value, active, effective_from, approval_request_id)
      values (${jurisdictionId}, ${rule.kind}, ${rule.value}, ${rule.active}, ${rule.effectiveFrom}, ${approvalRequestId})`;
  },
};

type RulePayload = { readonly kind: string; readonly value: string; readonly active: boolean; readonly effectiveFrom: string };

/**
 * A monitoring rule set, changed or switched off from a date (R19(1): parameters change only through an approved
 * request): the branch's system admin enters, the reviewer and the supervisor approve; never before the open day.
 */
export function monitoringRuleChangeAction(ledger: Ledger): ActionDefinition<RulePayload> {
  return {
    policy: { kind: 'monitoring_rule_change', permission: 'monitoring.change' },
    async parse(raw, treasuryId) {
      const record = payloadRecord(raw, 'payload');
      const payload = { kind: payloadText(record, 'kind'), value: payloadText(record, 'value'), active: record['active'] === true, effectiveFrom: payloadText(record, 'effectiveFrom') };
      const rule = checkMonitoringRule(payload);
      const open = (await ledger.days.current(treasuryId)).date;
      if (rule.effectiveFrom < open) throw failedPrecondition('EFFECTIVE_BEFORE_OPEN_DAY', `a rule takes effect from the open business day ${open} or later, not ${rule.effectiveFrom}`);
      return payload;
    },
    targetOf: (payload) => `monitoring-rule:${payload.kind}:${payload.value}`,
    amountOf: () => null,
    keyElementsOf: () => null,
    important: () => true,
    async execute(tx, payload, context) {
      await monitoringRepository.append(tx, context.initiator.jurisdictionId, checkMonitoringRule(payload), context.requestId);
      return { kind: payload.kind, effectiveFrom: payload.effectiveFrom };
    },
  };
}
