export { createIdentity, hashToken, type Identity, type IssuedToken, type NewUser, type User } from './identity';
export { identityMigrations } from './migrations';
