import type { Interest } from '@jinku/interest';
import type { Ledger } from '@jinku/ledger';
import { catchUpHandler } from './catch-up';
import { INTEREST_POSTING, postingHandler } from './posting-job';
import { INTEREST_CATCH_UP, INTEREST_SETTLEMENT } from './schedules';
import { settlementHandler } from './settlement-job';
import type { JobHandler } from './worker';

/** Quarterly interest: the scheduled settlement, one posting per treasury, and the daily catch-up of missed ones. */
export function interestHandlers(ledger: Ledger, interest: Interest): Record<string, JobHandler> {
  return {
    [INTEREST_SETTLEMENT.id]: settlementHandler(ledger, interest),
    [INTEREST_POSTING]: postingHandler(interest),
    [INTEREST_CATCH_UP.id]: catchUpHandler(interest),
  };
}
