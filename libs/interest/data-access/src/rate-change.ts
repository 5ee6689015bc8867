import type { ActionDefinition } from '@jinku/approvals';
import type { Database } from '@jinku/db';
import { failedPrecondition, invalidArgument, parseBusinessDate, type BusinessDate } from '@jinku/kernel';
import { DepositRates } from './rates';

interface RateChange {
  readonly effectiveFrom: BusinessDate;
  readonly annualRate: string;
  /** Corrects the rate already set for that date with a new version, instead of setting a first one. */
  readonly supersede: boolean;
}

const RATE_FORMAT = /^0\.[0-9]{1,8}$/;

function rateChangeOf(payload: unknown): RateChange {
  const record = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const annualRate = String(record['annualRate'] ?? '');
  if (!RATE_FORMAT.test(annualRate)) {
    throw invalidArgument('MALFORMED_RATE', `payload.annualRate is a fraction like "0.0035", got "${annualRate.slice(0, 20)}"`);
  }
  const supersede = record['supersede'] ?? false;
  if (typeof supersede !== 'boolean') throw invalidArgument('MALFORMED_PAYLOAD', 'payload.supersede is true or false', { field: 'supersede' });
  return { effectiveFrom: parseBusinessDate(String(record['effectiveFrom'] ?? ''), 'payload.effectiveFrom'), annualRate, supersede };
}

/** A first rate needs none set for its date yet; a superseding one needs the version it replaces. */
function assertFits(change: RateChange, jurisdictionId: string, current: string | null): void {
  if (!change.supersede && current) {
    throw failedPrecondition('RATE_EXISTS', `${jurisdictionId} already has a rate effective from ${change.effectiveFrom}; supersede it to correct it`);
  }
  if (change.supersede && !current) {
    throw failedPrecondition('NOTHING_TO_SUPERSEDE', `${jurisdictionId} has no rate effective from ${change.effectiveFrom} to supersede`);
  }
}

/**
 * A demand-deposit rate is a parameter of the branch's whole jurisdiction (R19(1), R47): entered by the
 * branch's own system admin (the permission reaches the branch itself only, so the request's treasury is the
 * jurisdiction), reviewed, approved by the accounting supervisor; only then is the version recorded.
 */
export function depositRateChangeAction(database: Database): ActionDefinition<RateChange> {
  const rates = new DepositRates(database.sql);
  return {
    policy: { kind: 'deposit_rate_change', permission: 'rate.change' },
    async parse(payload, jurisdictionId) {
      const change = rateChangeOf(payload);
      assertFits(change, jurisdictionId, await rates.currentFor(jurisdictionId, change.effectiveFrom));
      return change;
    },
    targetOf: (change) => `deposit-rate:${change.effectiveFrom}`,
    amountOf: () => null,
    keyElementsOf: () => null,
    important: () => true,
    async execute(tx, change, context) {
      const jurisdictionId = context.treasuryId;
      const current = await rates.currentFor(jurisdictionId, change.effectiveFrom, tx);
      assertFits(change, jurisdictionId, current);
      const { effectiveFrom, annualRate } = change;
      const id = await rates.append(tx, { jurisdictionId, effectiveFrom, annualRate, supersedesRateId: current, approvalRequestId: context.requestId });
      if (!id) throw failedPrecondition('RATE_CHANGED_CONCURRENTLY', `the rate of ${effectiveFrom} was changed meanwhile; enter the change anew`);
      return { jurisdictionId, effectiveFrom, annualRate, rateId: id, ...(current ? { supersededRateId: current } : {}) };
    },
  };
}
