import type { Sql } from '@jinku/db';
import type { Actor, BusinessDate, DomainError } from '@jinku/kernel';

export interface RecordedRefusal {
  readonly principalId: string;
  readonly principalLogin: string;
  readonly method: string;
  readonly reason: string;
  readonly message: string;
  readonly at: Date;
}

/** Messages are cut here: the trail keeps why, never a caller's whole payload. */
const MAX_MESSAGE = 500;

/** The refusals half of the audit trail (the register holds what executed). */
export function createAuditTrail(sql: Sql) {
  return {
    async record(actor: Actor, method: string, refusal: DomainError): Promise<void> {
      await sql`
        insert into approvals.refusals (treasury_id, principal_id, principal_login, method, reason, message)
        values (${actor.treasuryId}, ${actor.userId}, ${actor.login}, ${method}, ${refusal.reason}, ${refusal.message.slice(0, MAX_MESSAGE)})`;
    },

    ofDay(treasuryId: string, date: BusinessDate): Promise<RecordedRefusal[]> {
      return sql<RecordedRefusal[]>`
        select principal_id as "principalId", principal_login as "principalLogin", method, reason, message, at
        from approvals.refusals
        where treasury_id = ${treasuryId} and (at at time zone 'Asia/Shanghai')::date = ${date}::date
        order by id
        limit 10000`;
    },
  };
}
