import type { Database } from '@jinku/db';
import { authorize, isAuthorized, notFound, type Actor, type BusinessDate } from '@jinku/kernel';
import { APPROVING_AUTHORITIES, REFUND_AUTHORITIES, type RefundAuthority } from '@jinku/refunds-domain';
import { refundRepository, type RefundRecord } from './register';

/** A cell of the authority matrix with the authority's name and the kind of specimen card it files. */
export interface RefundAuthorityView extends RefundAuthority {
  readonly name: string;
  readonly unitKind: string;
}

/** The register of refunds and the authority matrix, as people read them; refunds are made by `revenueRefundAction`. */
export function createRefunds(database: Database) {
  const { sql } = database;
  const refundNotFound = (refundId: string) => notFound('REFUND_NOT_FOUND', `no refund ${refundId.slice(0, 24)}`);
  return {
    /** One refund made; one of a treasury out of the actor's reach is as unknown as one never made. */
    async get(actor: Actor, refundId: string): Promise<RefundRecord> {
      if (!/^[1-9][0-9]{0,18}$/.test(refundId)) throw refundNotFound(refundId);
      const refund = await refundRepository.byId(sql, refundId);
      if (!refund || !isAuthorized(actor, 'refund.read', refund.treasuryId)) throw refundNotFound(refundId);
      return refund;
    },

    /** The refunds a treasury made on a business day, in the order they were made. */
    async ofDay(actor: Actor, treasuryId: string, businessDate: BusinessDate): Promise<RefundRecord[]> {
      authorize(actor, 'refund.read', treasuryId);
      return refundRepository.ofDay(sql, treasuryId, businessDate);
    },

    /** Who may approve which refund where (R33(1), R33(7), R34(1)–(2)). */
    async authorities(actor: Actor): Promise<RefundAuthorityView[]> {
      authorize(actor, 'refund.read', actor.treasuryId);
      return REFUND_AUTHORITIES.map((cell) => ({ ...cell, ...APPROVING_AUTHORITIES[cell.authority] }));
    },
  };
}

export type Refunds = ReturnType<typeof createRefunds>;
