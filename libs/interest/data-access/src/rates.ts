import type { Sql, Tx } from '@jinku/db';
import type { BusinessDate } from '@jinku/kernel';
import type { DepositRate } from '@jinku/interest-domain';

/** One recorded version of a jurisdiction's rate for a date. */
export interface DepositRateVersion extends DepositRate {
  readonly id: string;
  readonly jurisdictionId: string;
  /** A later approved change replaced it for the same date. */
  readonly superseded: boolean;
  readonly approvalRequestId: string;
  readonly recordedAt: Date;
}

export interface NewRateVersion {
  readonly jurisdictionId: string;
  readonly effectiveFrom: BusinessDate;
  readonly annualRate: string;
  /** The version in force for the date, when this one replaces it. */
  readonly supersedesRateId: string | null;
  readonly approvalRequestId: string;
}

/**
 * `interest.rates`: append-only versions per jurisdiction and date; the version in force for a date is
 * the one no other row supersedes.
 */
export class DepositRates {
  constructor(private readonly sql: Sql) {}

  /** Every version, oldest first: by effective date, each date's versions in the order they were recorded. */
  versionsOf(jurisdictionId: string): Promise<DepositRateVersion[]> {
    return this.sql<DepositRateVersion[]>`
      select r.id::text as id, r.jurisdiction_id as "jurisdictionId", r.effective_from::text as "effectiveFrom",
             r.annual_rate::text as "annualRate", r.approval_request_id::text as "approvalRequestId", r.recorded_at as "recordedAt",
             exists (select 1 from interest.rates s where s.supersedes_rate_id = r.id) as superseded
      from interest.rates r where r.jurisdiction_id = ${jurisdictionId}
      order by r.effective_from, r.id`;
  }

  /** The rates in force in a jurisdiction: for each effective date, its latest version. */
  inForce(jurisdictionId: string): Promise<DepositRate[]> {
    return this.sql<DepositRate[]>`
      select r.effective_from::text as "effectiveFrom", r.annual_rate::text as "annualRate"
      from interest.rates r
      where r.jurisdiction_id = ${jurisdictionId}
        and not exists (select 1 from interest.rates s where s.supersedes_rate_id = r.id)
      order by r.effective_from`;
  }

  /** The id of the version in force for a date, or null when no rate was set for it. */
  async currentFor(jurisdictionId: string, effectiveFrom: BusinessDate, tx?: Tx): Promise<string | null> {
    const q = (tx ?? this.sql) as Sql;
    const [row] = await q<{ id: string }[]>`
      select r.id::text as id from interest.rates r
      where r.jurisdiction_id = ${jurisdictionId} and r.effective_from = ${effectiveFrom}::date
        and not exists (select 1 from interest.rates s where s.supersedes_rate_id = r.id)`;
    return row?.id ?? null;
  }

  /**
   * Records a version; null when a concurrent change recorded the date's first version, or superseded the
   * same version, first (the unique indexes decide).
   */
  async append(tx: Tx, version: NewRateVersion): Promise<string | null> {
    const [row] = await tx<{ id: string }[]>`
      insert into interest.rates (jurisdiction_id, effective_from, annual_rate, supersedes_rate_id, approval_request_id)
      values (${version.jurisdictionId}, ${version.effectiveFrom}::date, ${version.annualRate}::numeric,
              ${version.supersedesRateId}::bigint, ${version.approvalRequestId}::bigint)
      on conflict do nothing
      returning id::text as id`;
    return row?.id ?? null;
  }
}
