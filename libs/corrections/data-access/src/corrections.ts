import type { Database } from '@jinku/db';
import { authorize, isAuthorized, notFound, type Actor, type BusinessDate } from '@jinku/kernel';
import { correctionRepository, type CorrectionRecord } from './register';

/** The register of corrections and reallocations, as people read it; corrections are made by `revenueCorrectionAction`. */
export function createCorrections(database: Database) {
  const { sql } = database;
  const correctionNotFound = (correctionId: string) => notFound('CORRECTION_NOT_FOUND', `no correction ${correctionId.slice(0, 24)}`);
  return {
    /** One correction made; one of a treasury out of the actor's reach is as unknown as one never made. */
    async get(actor: Actor, correctionId: string): Promise<CorrectionRecord> {
      if (!/^[1-9][0-9]{0,18}$/.test(correctionId)) throw correctionNotFound(correctionId);
      const correction = await correctionRepository.byId(sql, correctionId);
      if (!correction || !isAuthorized(actor, 'correction.read', correction.treasuryId)) throw correctionNotFound(correctionId);
      return correction;
    },

    /** The corrections a treasury made on a business day, in the order they were made. */
    async ofDay(actor: Actor, treasuryId: string, businessDate: BusinessDate): Promise<CorrectionRecord[]> {
      authorize(actor, 'correction.read', treasuryId);
      return correctionRepository.ofDay(sql, treasuryId, businessDate);
    },
  };
}

export type Corrections = ReturnType<typeof createCorrections>;
