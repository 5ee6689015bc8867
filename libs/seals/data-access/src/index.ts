export {
  createSeals,
  type Seals,
  type SealsOptions,
  type SealHandover,
  type SealView,
  type SealApplied,
  type SealApplication,
  type SealUseView,
  type SealVerification,
  type SealVerifier,
} from './seals';
export { sealRegistrationAction, sealHandoverAction } from './seal-actions';
export { sealKeyring, sealKeyringFromEnv, type SealKeyring } from './keyring';
export { sealsMigrations } from './migrations';
export { createValuables, type Valuables, type ValuableKindView, type ValuableMovementView, type ValuableCount, type ValuableCountLine } from './valuables';
export { createSpecimens, type Specimens, type SpecimenCardView, type SpecimenSealView, type SpecimenPresentation, type SpecimenVerified } from './specimens';
export { specimenCardNewAction, specimenCardChangeAction, specimenCardRevokeAction, type SpecimenActionOptions } from './specimen-actions';
export { payloadOneof, presentationOf, storedPresentationOf, type StoredPresentation, type StoredSignatures } from './presentation-payload';
