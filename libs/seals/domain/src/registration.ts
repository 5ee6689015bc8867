import type { SealKind } from './seal';
import type { SealAlgorithm } from './signature';

/** A seal as its registration request enters it (R80–R81). */
export interface SealRegistration {
  readonly kind: SealKind;
  readonly name: string;
  /** The person who keeps and uses it; for a personal name seal, its owner. */
  readonly custodianUserId: string;
  /** The impression record (印模) filed with it, kept forever. */
  readonly imprint: string;
  readonly algorithm: SealAlgorithm;
}
