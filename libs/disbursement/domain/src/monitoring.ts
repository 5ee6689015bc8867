import { excerpt, invalidArgument, parseBusinessDate, parsePositiveAmount, type Amount, type BusinessDate } from '@jinku/kernel';

/**
 * Dynamic monitoring (动态监控): what holds a payment for the supervisor's documented decision — a single payment
 * above a threshold, a payee account on the watch list, a payee whose name looks like cash or a person (现金, 个人).
 * "No plan" needs no rule: a payment without a plan is refused outright (R39(4)).
 */
export const MONITORING_KINDS = ['amount_above', 'payee_account', 'payee_name_contains'] as const;
export type MonitoringKind = (typeof MONITORING_KINDS)[number];

export interface MonitoringRule {
  readonly kind: MonitoringKind;
  readonly value: string;
  readonly active: boolean;
  readonly effectiveFrom: BusinessDate;
}

/** One rule a payment hit, described for the supervisor who decides on it. */
export interface MonitoringHit {
  readonly kind: MonitoringKind;
  readonly value: string;
  readonly description: string;
}

const bad = (field: string, what: string) => invalidArgument('MALFORMED_MONITORING_RULE', `${field} ${what}`, { field });

/** A rule change as entered: a known kind, a value of its shape, a date. */
export function checkMonitoringRule(rule: { kind: string; value: string; active: boolean; effectiveFrom: string }): MonitoringRule {
  if (!(MONITORING_KINDS as readonly string[]).includes(rule.kind)) throw bad('kind', `is one of ${MONITORING_KINDS.join(', ')}`);
  const kind = rule.kind as MonitoringKind;
  if (kind === 'amount_above') {
    try {
      parsePositiveAmount(rule.value, 'value');
    } catch {
      throw bad('value', `of amount_above is a positive amount in yuan, got "${excerpt(rule.value, 24)}"`);
    }
  } else if (!rule.value.trim() || rule.value.length > 64) {
    throw bad('value', 'is the account or the word to watch for, 1 to 64 characters');
  }
  return { kind, value: rule.value.trim(), active: rule.active, effectiveFrom: parseBusinessDate(rule.effectiveFrom, 'effective_from') };
}

/**
 * The rules in force on `date`: for each kind and value, the latest recorded version effective by then (rules are
 * given in the order recorded), if it is active.
 */
export function rulesInForce(recorded: readonly MonitoringRule[], date: BusinessDate): MonitoringRule[] {
  const latest = new Map<string, MonitoringRule>();
  for (const rule of recorded) {
    if (rule.effectiveFrom > date) continue;
    const key = `${rule.kind}\u001f${rule.value}`;
    const held = latest.get(key);
    if (!held || rule.effectiveFrom >= held.effectiveFrom) latest.set(key, rule);
  }
  return [...latest.values()].filter((rule) => rule.active);
}

/** The rules a payment hits. */
export function monitoringHitsOf(payment: { readonly payeeName: string; readonly payeeAccount: string; readonly amount: Amount }, rules: readonly MonitoringRule[]): MonitoringHit[] {
  return rules.flatMap((rule): MonitoringHit[] => {
    switch (rule.kind) {
      case 'amount_above':
        return payment.amount.greaterThan(rule.value) ? [{ ...rule, description: `单笔支付 ${payment.amount.toFixed(2)} 超过 ${rule.value}` }] : [];
      case 'payee_account':
        return payment.payeeAccount === rule.value ? [{ ...rule, description: `收款账户 ${rule.value} 在监控名单上` }] : [];
      case 'payee_name_contains':
        return payment.payeeName.includes(rule.value) ? [{ ...rule, description: `收款人名称含“${rule.value}”` }] : [];
    }
  }).map(({ kind, value, description }) => ({ kind, value, description }));
}
