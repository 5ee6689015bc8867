import { duration } from './format';
import type { ScenarioResult } from './run-scenario';

/** A few lines per scenario: what was done, the load's figures, the recovery, and OK or each violation. */
export function renderScenario(result: ScenarioResult): string {
  const retried = Object.entries(result.retried);
  const retriedTotal = retried.reduce((sum, [, count]) => sum + count, 0);
  const byCode = retried.length > 0 ? ` (${retried.map(([code, count]) => `${code} ${count}`).join(', ')})` : '';
  const { recovery, acksPerSecond } = result;
  const recovered =
    recovery.ms === undefined
      ? `NOT recovered (${recovery.what})`
      : `${recovery.what} ${duration(recovery.ms)} after the fault (${duration(recovery.afterRestoredMs!)} after the restore)`;
  return [
    `${result.name}: ${result.description}`,
    `  acknowledged ${result.acknowledged}, retried ${retriedTotal}${byCode}, refused ${result.refused}`,
    `  recovery: ${recovered}`,
    `  acknowledgements/s: ${acksPerSecond.before} in the second before the fault, ${acksPerSecond.after ?? '-'} in the second after recovery`,
    ...result.facts.map((fact) => `  ${fact}`),
    `  stored but never acknowledged (refused or given up): ${result.storedUnacknowledged}`,
    result.violations.length === 0 ? '  OK: books balanced, keys unique, balances = entries, every acknowledged voucher stored with its amount' : '  VIOLATIONS:',
    ...result.violations.map((violation) => `    - ${violation}`),
  ].join('\n');
}
