import type { ActionDefinition } from '@jinku/approvals';
import { failedPrecondition, invalidArgument, parseBusinessDate } from '@jinku/kernel';

interface RateChange {
  readonly effectiveFrom: string;
  readonly annualRate: string;
}

const RATE_FORMAT = /^0\.[0-9]{1,8}$/;

/**
 * A new demand-deposit rate is a parameter change: entered by the system admin, reviewed, and approved by
 * the accounting supervisor (R19(1)); only then does it enter `interest.rates`.
 */
export const depositRateChangeAction: ActionDefinition<RateChange> = {
  policy: { kind: 'deposit_rate_change', initiatorPosts: ['system_admin'], movesMoneyOut: false, important: true },
  parse(payload) {
    const record = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
    const annualRate = String(record['annualRate'] ?? '');
    if (!RATE_FORMAT.test(annualRate)) {
      throw invalidArgument('MALFORMED_RATE', `payload.annualRate is a fraction like "0.0035", got "${annualRate}"`);
    }
    return { effectiveFrom: parseBusinessDate(String(record['effectiveFrom'] ?? ''), 'payload.effectiveFrom'), annualRate };
  },
  targetOf: (change) => `deposit-rate:${change.effectiveFrom}`,
  amountOf: () => null,
  keyElementsOf: () => null,
  async execute(tx, change, context) {
    const inserted = await tx`
      insert into interest.rates (effective_from, annual_rate, approval_request_id)
      values (${change.effectiveFrom}::date, ${change.annualRate}::numeric, ${context.requestId})
      on conflict (effective_from) do nothing returning effective_from`;
    if (inserted.length === 0) throw failedPrecondition('RATE_EXISTS', `a rate effective from ${change.effectiveFrom} is already set`);
    return { effectiveFrom: change.effectiveFrom, annualRate: change.annualRate };
  },
};
