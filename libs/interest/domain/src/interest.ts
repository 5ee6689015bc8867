import { Decimal } from 'decimal.js';
import { failedPrecondition, invalidArgument, type Amount, type BusinessDate } from '@jinku/kernel';

/** A demand-deposit rate for units (单位活期存款利率) in force from a date, as a fraction ('0.0035' = 0.35%). */
export interface DepositRate {
  readonly effectiveFrom: BusinessDate;
  readonly annualRate: string;
}

const RATE_FORMAT = /^0\.[0-9]{1,8}$/;

/** R47: the rate posted on the settlement day applies to the whole period; no splitting at a change. */
export function rateInForce(rates: readonly DepositRate[], settlementDay: BusinessDate): DepositRate {
  const inForce = rates.filter((rate) => rate.effectiveFrom <= settlementDay).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)).at(-1);
  if (!inForce) throw failedPrecondition('NO_RATE', `no demand deposit rate is in force on ${settlementDay}`);
  return inForce;
}

/** Interest = accumulation × annual rate ÷ 360, rounded half-up to the fen (SPEC §7). */
export function interestFor(accumulation: Amount, annualRate: string): Amount {
  if (!RATE_FORMAT.test(annualRate)) {
    throw invalidArgument('MALFORMED_RATE', `an annual rate is a fraction like "0.0035", got "${annualRate}"`);
  }
  return accumulation.times(new Decimal(annualRate)).dividedBy(360).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}
