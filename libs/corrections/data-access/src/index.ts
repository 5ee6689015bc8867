export { createCorrections, type Corrections } from './corrections';
export { revenueCorrectionAction } from './correction-action';
export type { CorrectionDependencies } from './correction-plan';
export type { CorrectionRecord, CorrectedItem, MovedPart } from './register';
export type { RevenueCorrectionPayload } from './payload';
export { correctionsMigrations } from './migrations';
