export { createSeals, type Seals, type SealsOptions, type SealRegistration, type SealView, type SealApplied, type SealVerifier } from './seals';
export { sealKeyring, sealKeyringFromEnv, type SealKeyring } from './keyring';
export { sealsMigrations } from './migrations';
